using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Core.Selection;
using OrleansSelect.Grains.Budget;
using OrleansSelect.Grains.Selection;
using OrleansSelect.Grains.Services;
using OrleansSelect.Grains.Telemetry;
using OrleansSelect.Models;

namespace OrleansSelect.Grains.Pool;

/// <summary>
/// One shard of a pool. It reads its examples from its byte range of the pool file, scores them on
/// the silo's compute worker, persists the scores, and answers with its local top candidates.
/// </summary>
public sealed class ShardGrain(
    [PersistentState("shard", StorageNames.Default)] IPersistentState<ShardState> state,
    ComputeWorker worker,
    TargetTaskCache targets)
    : Grain, IShardGrain
{
    private ShardState S => state.State;

    public async Task Assign(ShardDescriptor descriptor)
    {
        if (S.Descriptor == descriptor)
            return;
        if (S.Descriptor is not null)
            throw new InvalidOperationException($"shard {this.GetPrimaryKeyString()} already holds {S.Descriptor}");
        S.Descriptor = descriptor;
        await state.WriteStateAsync();
    }

    public Task<ShardDescriptor?> GetDescriptor() => Task.FromResult(S.Descriptor);

    public async Task<CorpusStatisticsView> CollectStatistics(string method, string targetDirectory)
    {
        var key = ScoreKey.ForStatistics(method, targetDirectory);
        if (!S.Statistics.TryGetValue(key, out var statistics))
        {
            var scorer = ScorerRegistry.Default.Get(method);
            var descriptor = Descriptor();
            statistics = await worker.RunAsync(_ => scorer.CollectStatistics(ReadExamples(descriptor), targets.Get(targetDirectory)));
            S.Statistics[key] = statistics;
            await state.WriteStateAsync();
        }
        return statistics.ToView();
    }

    public async Task<ShardScoreResult> Score(ShardScoreRequest request)
    {
        var descriptor = Descriptor();
        var key = ScoreKey.For(request);
        bool fromCache = S.Scores.TryGetValue(key, out var computed);
        if (computed is null)
            computed = await ComputeScores(request, descriptor, key);
        else
            // A crash may have come between persisting the scores and committing their charge.
            await GrainFactory.GetGrain<IBudgetGrain>(computed.BudgetName).Commit(computed.OperationId, computed.Flops);

        var tokens = await TokenCounts(descriptor, request.TokenizerSize);
        var scored = S.ExampleIds.Select((id, i) => new ScoredExample(id, computed.Values[i], tokens[i])).ToList();
        var criterion = request.Target.ToCriterion();
        var top = ShardTopK.Select(scored, criterion, request.PoolExampleCount);
        var candidates = top.Select(c => new Candidate(c.ExampleId, c.Score, c.Tokens, descriptor.Index)).ToList();
        return new ShardScoreResult(descriptor.Index, candidates, computed.Flops, fromCache);
    }

    public async Task<IReadOnlyList<ExampleView>> Fetch(IReadOnlyList<string> exampleIds)
    {
        var descriptor = Descriptor();
        var wanted = exampleIds.ToHashSet(StringComparer.Ordinal);
        var found = await worker.RunAsync(_ => ReadExamples(descriptor)
            .Where(e => wanted.Contains(e.Id))
            .ToDictionary(e => e.Id, e => new ExampleView(e.Id, e.Prompt, e.Response, e.Source, e.Task), StringComparer.Ordinal));
        var missing = exampleIds.FirstOrDefault(id => !found.ContainsKey(id));
        if (missing is not null)
            throw new UserInputException(
                $"example {missing} is no longer in {descriptor.Path} (bytes {descriptor.StartByte}-{descriptor.EndByte}); the pool file changed after ingest");
        return exampleIds.Select(id => found[id]).ToList();
    }

    private async Task<ComputedScores> ComputeScores(ShardScoreRequest request, ShardDescriptor descriptor, string key)
    {
        var scorer = ScorerRegistry.Default.Get(request.Method);
        var target = await worker.RunAsync(_ => targets.Get(request.TargetDirectory));
        var budget = GrainFactory.GetGrain<IBudgetGrain>(request.BudgetName);
        var workId = $"score/{this.GetPrimaryKeyString()}/{key}";

        int earlier = S.AttemptsStarted.GetValueOrDefault(key);
        await AttemptCharging.SettleInterruptedAsync(budget, workId, earlier);
        var operationId = AttemptCharging.OperationId(workId, earlier + 1);
        S.AttemptsStarted[key] = earlier + 1;
        await state.WriteStateAsync();

        double flops = scorer.EstimateFlops(descriptor.ExampleCount, descriptor.ByteCount, target);
        await AttemptCharging.ReserveOrThrowAsync(budget, operationId, flops, FlopCategory.Selection, request.Method);

        var statistics = request.GlobalStatistics?.ToCore();
        bool countTokens = !S.TokenCounts.ContainsKey(request.TokenizerSize);
        var (ids, values, tokens) = await worker.RunAsync(_ =>
        {
            var examples = ReadExamples(descriptor).ToList();
            // Token counts come from the same read when they are missing, so the range is read once.
            return (examples.Select(e => e.Id).ToList(), scorer.Score(examples, target, statistics, request.Seed).ToArray(),
                countTokens ? CountTokens(examples, request.TokenizerSize) : null);
        });

        var computed = new ComputedScores { Values = values, Flops = flops, BudgetName = request.BudgetName, OperationId = operationId };
        S.ExampleIds = ids;
        S.Scores[key] = computed;
        if (tokens is not null) S.TokenCounts[request.TokenizerSize] = tokens;
        await state.WriteStateAsync();
        SelectMetrics.Scored(request.Method, values.Length);
        await budget.Commit(operationId, flops);
        return computed;
    }

    private async Task<long[]> TokenCounts(ShardDescriptor descriptor, string tokenizerSize)
    {
        if (S.TokenCounts.TryGetValue(tokenizerSize, out var counts) && counts.Length == S.ExampleIds.Count)
            return counts;
        counts = await worker.RunAsync(_ => CountTokens(ReadExamples(descriptor), tokenizerSize));
        S.TokenCounts[tokenizerSize] = counts;
        await state.WriteStateAsync();
        return counts;
    }

    private static long[] CountTokens(IEnumerable<PoolExample> examples, string tokenizerSize)
    {
        var tokenizer = TokenCounting.TokenizerFor(tokenizerSize);
        return examples.Select(e => TokenCounting.CountTokens(tokenizer, e)).ToArray();
    }

    private ShardDescriptor Descriptor() =>
        S.Descriptor ?? throw new InvalidOperationException($"shard {this.GetPrimaryKeyString()} was never assigned");

    private static IEnumerable<PoolExample> ReadExamples(ShardDescriptor d) =>
        PoolJsonl.ReadRange(d.Path, d.StartByte, d.EndByte, d.ContentSha256).Select(r => r.Example);
}
