using OrleansSelect.Core;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Scoring;

namespace OrleansSelect.Grains.Pool;

/// <summary>
/// A shard's scoring a batch of examples at a time, so no shard holds more than a batch in memory
/// whatever its size: one pass reads the whole range (checking it against its ingest hash) to
/// count tokens and estimate the cost before anything is reserved, a second scores batch by batch.
/// A score depends only on its example (see <see cref="ISelectionMethod"/>), so the batches' scores
/// are the whole shard's, and the estimates of the batches add up to the shard's.
/// </summary>
/// <param name="source">The examples' file and byte range, for the sentence that says they changed.</param>
public sealed class BatchedScoring(ISelectionMethod method, TargetTask target, SelectorModel? selector, int batchExamples, string source)
{
    /// <summary>What the first pass found: each example's id and token counts, and each batch's estimate.</summary>
    public sealed record Plan(List<string> Ids, long[] Counts, long[] SelectorCounts, List<double> BatchEstimates)
    {
        public double Estimate => BatchEstimates.Sum();
    }

    /// <summary>
    /// Reads every example once. Counts come from <paramref name="storedCounts"/> (and the selector's
    /// from <paramref name="storedSelectorCounts"/>) when they are kept, else from the counting functions.
    /// </summary>
    public Plan Measure(IEnumerable<PoolExample> examples, int expectedCount,
        long[]? storedCounts, Func<PoolExample, long> count,
        long[]? storedSelectorCounts, Func<PoolExample, long> countForSelector)
    {
        var ids = new List<string>(expectedCount);
        var counts = new List<long>(storedCounts is null ? expectedCount : 0);
        var selectorCounts = new List<long>(selector is null || storedSelectorCounts is not null ? 0 : expectedCount);
        var estimates = new List<double>();
        foreach (var batch in examples.Chunk(batchExamples))
        {
            int first = ids.Count;
            ids.AddRange(batch.Select(e => e.Id));
            if (ids.Count > expectedCount)
                break; // reported below, with the count read
            if (storedCounts is null)
                counts.AddRange(batch.Select(count));
            if (selector is not null && storedSelectorCounts is null)
                selectorCounts.AddRange(batch.Select(countForSelector));
            var selectorTokens = selector is null
                ? Slice(storedCounts, counts, first, batch.Length)
                : Slice(storedSelectorCounts, selectorCounts, first, batch.Length);
            estimates.Add(method.EstimateScoringFlops(new ScoringWorkload(batch.Length, selectorTokens, batch, selector), target));
        }
        if (ids.Count != expectedCount)
            return new Plan(ids, [], [], estimates);
        var all = storedCounts ?? counts.ToArray();
        return new Plan(ids, all, selector is null ? all : storedSelectorCounts ?? selectorCounts.ToArray(), estimates);
    }

    /// <summary>Scores the examples batch by batch, reporting the shard's FLOPs done so far as it goes.</summary>
    public double[] Score(IEnumerable<PoolExample> examples, Plan plan, PreparedArtifact? prepared, string? globalStatistics, int seed,
        IProgress<double> flopsDone, CancellationToken cancellation)
    {
        var scores = new double[plan.Ids.Count];
        int offset = 0, batchIndex = 0;
        double done = 0;
        foreach (var batch in examples.Chunk(batchExamples))
        {
            cancellation.ThrowIfCancellationRequested();
            // The range is hashed only at its end, so a file changed since the first pass is caught here, batch by batch.
            for (int i = 0; i < batch.Length; i++)
                if (offset + i >= plan.Ids.Count || batch[i].Id != plan.Ids[offset + i])
                    throw new UserInputException($"{source} changed while it was scored (example {offset + i + 1} is not the one read before scoring); the pool file changed after ingest");
            double estimate = plan.BatchEstimates[batchIndex++];
            var input = new ShardScoringInput(batch, target, prepared, globalStatistics, seed, estimate, selector);
            double before = done;
            var batchScores = method.Score(input, new Progress(flops => flopsDone.Report(before + flops)), cancellation);
            if (batchScores.Count != batch.Length)
                throw new InvalidOperationException($"{method.Name} gave {batchScores.Count} scores for {batch.Length} examples");
            for (int i = 0; i < batch.Length; i++)
                scores[offset + i] = batchScores[i];
            offset += batch.Length;
            done += estimate;
        }
        if (offset != plan.Ids.Count)
            throw new UserInputException($"{source} changed while it was scored (it now holds {offset} examples, not {plan.Ids.Count}); the pool file changed after ingest");
        return scores;
    }

    /// <summary>A shard's part of the method's global statistics, collected batch by batch and merged (exact whatever the cut).</summary>
    public string CollectStatistics(IEnumerable<PoolExample> examples, CancellationToken cancellation)
    {
        var parts = examples.Chunk(batchExamples).Select(batch => method.CollectStatistics(batch, target, cancellation)).ToList();
        return parts.Count == 1 ? parts[0] : method.MergeStatistics(parts);
    }

    private static long Slice(long[]? stored, List<long> counted, int first, int length)
    {
        long sum = 0;
        for (int i = first; i < first + length; i++)
            sum += stored is null ? counted[i] : stored[i];
        return sum;
    }

    /// <summary>Reports synchronously, on the scoring's thread (the spend ceiling must follow the work, not a queue).</summary>
    private sealed class Progress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
