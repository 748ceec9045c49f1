using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;

namespace OrleansSelect.Core.Scoring;

/// <summary>
/// Okapi BM25 of every pool document (prompt + response) against each of the target's reference
/// examples as a query; an example's score is the mean over reference examples.
///
///   BM25(d, q) = Σ_{t in q, with repeats} idf(t) · tf(t,d)·(k1+1) / (tf(t,d) + k1·(1 − b + b·|d|/avgdl))
///   idf(t)     = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))
///
/// Why this idf: the classic ln((N − df + 0.5)/(df + 0.5)) goes negative for terms in over half
/// the documents, and rank_bm25 then floors it at epsilon·(mean idf over the whole vocabulary).
/// That mean needs every term's document frequency, which a sharded pool would have to ship
/// between silos; the "+1" form (Lucene's) is never negative, needs only the query terms'
/// frequencies, and ranks documents the same way wherever the classic idf is positive.
/// Query terms repeated within a reference example count once per occurrence, as in rank_bm25.
/// </summary>
public sealed class Bm25Scorer : SelectionMethod<NoArtifact, CorpusStatistics>
{
    private readonly Bm25Options _options;

    public Bm25Scorer(Bm25Options? options = null)
    {
        _options = options ?? new Bm25Options();
        _options.Validate();
    }

    public override string Name => "bm25";

    public override string Description =>
        $"Okapi BM25 of each example against the reference examples, mean over them (k1 = {_options.K1}, b = {_options.B}; no seed)";

    public override string Settings => $"k1={_options.K1:R};b={_options.B:R}";

    /// <summary>BM25 has no randomness: one scoring serves every seed.</summary>
    public override bool UsesSeed => false;

    public override bool NeedsGlobalStatistics => true;

    protected override CorpusStatistics Collect(IReadOnlyList<PoolExample> shard, TargetTask target, CancellationToken cancellation) =>
        CollectStatistics(shard, target);

    protected override IReadOnlyList<double> Score(
        IReadOnlyList<PoolExample> shard, TargetTask target, NoArtifact? artifact, CorpusStatistics? global, int seed,
        SelectorModel? selector, ScoringProgress progress, CancellationToken cancellation) =>
        Score(shard, target, global, seed, progress, cancellation);

    public CorpusStatistics CollectStatistics(IEnumerable<PoolExample> shard, TargetTask target)
    {
        var query = new Bm25Query(target);
        var frequency = new long[query.Count];
        var lastDocument = new long[query.Count];   // counts a term once per document
        Array.Fill(lastDocument, -1);
        long documents = 0, totalLength = 0;

        foreach (var example in shard)
        {
            foreach (var token in Bm25Tokenizer.EnumerateTokens(Bm25Tokenizer.Normalize(example.Text)))
            {
                totalLength++;
                if (query.Lookup.TryGetValue(token, out var term) && lastDocument[term] != documents)
                {
                    lastDocument[term] = documents;
                    frequency[term]++;
                }
            }
            documents++;
        }

        var statistics = new CorpusStatistics { DocumentCount = documents, TotalLength = totalLength };
        for (var term = 0; term < query.Count; term++)
            if (frequency[term] > 0)
                statistics.DocumentFrequency[query.Terms[term]] = frequency[term];
        return statistics;
    }

    public IReadOnlyList<double> Score(IReadOnlyList<PoolExample> shard, TargetTask target, CorpusStatistics? global, int seed) =>
        Score(shard, target, global, seed, progress: null, CancellationToken.None);

    private double[] Score(
        IReadOnlyList<PoolExample> shard, TargetTask target, CorpusStatistics? global, int seed, ScoringProgress? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(global, "global statistics (bm25 scores with the sum of every shard's statistics)");
        if (global.DocumentCount < shard.Count)
            throw new ArgumentException(
                $"global statistics cover {global.DocumentCount} documents but this shard alone has {shard.Count}; pass the sum over all shards.",
                nameof(global));

        var query = new Bm25Query(target);
        var weightedIdf = new double[query.Count];
        for (var term = 0; term < query.Count; term++)
            weightedIdf[term] = query.Weights[term] * Idf(global.DocumentCount, global.FrequencyOf(query.Terms[term]));

        var averageLength = global.AverageLength;
        var k1 = _options.K1;
        var b = _options.B;
        var termFrequency = new int[query.Count];
        var seen = new List<int>();
        var scores = new double[shard.Count];

        for (var i = 0; i < shard.Count; i++)
        {
            long length = 0;
            foreach (var token in Bm25Tokenizer.EnumerateTokens(Bm25Tokenizer.Normalize(shard[i].Text)))
            {
                length++;
                if (query.Lookup.TryGetValue(token, out var term) && termFrequency[term]++ == 0)
                    seen.Add(term);
            }

            // An all-empty corpus has avgdl 0; every tf is 0 then, so any finite ratio gives score 0.
            var relativeLength = averageLength > 0 ? length / averageLength : 0.0;
            var saturation = k1 * (1 - b + b * relativeLength);
            var score = 0.0;
            // The order of `seen` depends on the document alone, so the sum is bit-identical on any shard.
            foreach (var term in seen)
            {
                double tf = termFrequency[term];
                score += weightedIdf[term] * tf * (k1 + 1) / (tf + saturation);
                termFrequency[term] = 0;
            }
            seen.Clear();
            scores[i] = score;
            progress?.ExamplesDone(i + 1);
            if ((i & 1023) == 0)
                cancellation.ThrowIfCancellationRequested();
        }
        return scores;
    }

    /// <summary>The pool's tokens under the selector's tokenizer and its examples, priced by <see cref="FlopModel.Bm25Flops(double, long, int, long)"/>.</summary>
    public override double EstimateScoringFlops(ScoringWorkload workload, TargetTask target) =>
        EstimateFlops(workload.Examples, workload.SelectorTokens, target);

    public double EstimateFlops(long poolExamples, long poolTokens, TargetTask target)
    {
        var query = new Bm25Query(target);
        return FlopModel.Bm25Flops(poolTokens, poolExamples, query.Count, query.ReferenceChars);
    }

    public static double Idf(long documentCount, long documentFrequency) =>
        Math.Log(1.0 + (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}
