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
using OrleansSelect.Models.Tokenization;

namespace OrleansSelect.Grains.Pool;

/// <summary>
/// One shard of a pool. It reads its examples from its byte range of the pool file, scores them on
/// the silo's compute worker, persists the scores, and answers with its local top candidates.
/// </summary>
public sealed class ShardGrain(
    [PersistentState("shard", StorageNames.Default)] IPersistentState<ShardState> state,
    ComputeWorker worker,
    TargetTaskCache targets,
    SelectionMethods methods)
    : Grain, IShardGrain
{
    private ShardState S => state.State;

    // The jobs this activation has taken up; a fresh activation (the silo of the last one died) has none.
    private readonly HashSet<string> _jobsTaken = new(StringComparer.Ordinal);

    // Jobs under way: while one runs, a caller's job may be queued behind it rather than lost.
    private int _jobsRunning;

    public async Task Assign(ShardDescriptor descriptor)
    {
        if (S.Descriptor == descriptor)
            return;
        // The pool grain assigns only while it has no record of the pool, so another descriptor here was
        // left by an ingest that crashed before recording it: no selection can have used this shard, and
        // it starts over with the file being ingested now.
        state.State = new ShardState { Descriptor = descriptor };
        await state.WriteOrDeactivateAsync(this);
    }

    public Task<ShardDescriptor?> GetDescriptor() => Task.FromResult(S.Descriptor);

    public async Task<string> CollectStatistics(ShardStatisticsRequest request)
    {
        var method = methods.Get(request.Method, request.Embedder, request.MethodSettings);
        var key = ScoreKey.ForStatistics(method, request.TargetContentHash);
        return await TakeJob(key, async () =>
        {
            if (!S.StatisticsJson.TryGetValue(key, out var statistics))
            {
                var descriptor = Descriptor();
                statistics = await worker.RunAsync(cancellation =>
                {
                    var target = LoadTarget(request.TargetDirectory, request.TargetContentHash);
                    return method.CollectStatistics(ReadExamples(descriptor).ToList(), target, cancellation);
                });
                S.StatisticsJson[key] = statistics;
                await state.WriteOrDeactivateAsync(this);
            }
            return statistics;
        });
    }

    public async Task<long> CountTokens(string tokenizerSize) => (await TokenCounts(Descriptor(), tokenizerSize)).Sum();

    public Task<ShardScoreResult> Score(ShardScoreRequest request)
    {
        var method = methods.Get(request.Method, request.Embedder, request.MethodSettings);
        return TakeJob(ScoreKey.For(method, request), () => ScoreTaken(request, method));
    }

    private async Task<ShardScoreResult> ScoreTaken(ShardScoreRequest request, ISelectionMethod method)
    {
        var descriptor = Descriptor();
        var key = ScoreKey.For(method, request);
        bool fromCache = S.Scores.TryGetValue(key, out var computed);
        if (computed is null)
            computed = await ComputeScores(request, method, descriptor, key);
        else
            // A crash may have come between persisting the scores and committing their charge.
            await GrainFactory.GetGrain<IBudgetGrain>(computed.BudgetName).Commit(computed.OperationId, computed.Flops);

        var tokens = await TokenCounts(descriptor, request.TokenizerSize);
        var scored = S.ExampleIds.Select((id, i) => new ScoredExample(id, computed.Values[i], tokens[i])).ToList();
        var criterion = request.Target.ToCriterion();
        var top = ShardTopK.Select(scored, criterion, request.PoolExampleCount);
        var candidates = top.Select(c => new Candidate(c.ExampleId, c.Score, c.Tokens, descriptor.Index)).ToList();
        return new ShardScoreResult(descriptor.Index, candidates, computed.Flops, fromCache, computed.BudgetName);
    }

    public async Task<IReadOnlyList<ExampleView>> Sample(double fraction, int seed)
    {
        var descriptor = Descriptor();
        return await worker.RunAsync(_ => PoolSample.Draw(ReadExamples(descriptor), seed, fraction)
            .Select(e => new ExampleView(e.Id, e.Prompt, e.Response, e.Source, e.Task)).ToList());
    }

    public Task<JobProgress> GetProgress(string jobKey) => Task.FromResult(
        _jobsTaken.Contains(jobKey) ? new JobProgress("taken", 0, 1, jobKey)
        : _jobsRunning > 0 ? new JobProgress("busy", 0, 1, "another job runs first")
        : JobProgress.Waiting);

    private async Task<T> TakeJob<T>(string key, Func<Task<T>> job)
    {
        _jobsTaken.Add(key);
        _jobsRunning++;
        try
        {
            return await job();
        }
        finally
        {
            _jobsRunning--;
        }
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

    private async Task<ComputedScores> ComputeScores(ShardScoreRequest request, ISelectionMethod method, ShardDescriptor descriptor, string key)
    {
        var knownCounts = S.TokenCounts.GetValueOrDefault(request.TokenizerSize);
        // Every input is checked before anything is reserved: a size whose tokenizer is missing, or a
        // target or artifact changed since the job began, fails here, not after scoring.
        var (target, tokenizer, prepared, selector) = await worker.RunAsync(_ =>
            (LoadTarget(request.TargetDirectory, request.TargetContentHash),
             TokenCounting.TokenizerFor(request.TokenizerSize),
             request.Prepared is { } artifact ? PreparedArtifacts.Read(artifact) : null,
             SelectorCheckpoints.Load(request.SelectorCheckpoint)));
        // A model-based method's cost counts tokens under its selector's tokenizer; the selection's cut counts them under the training size's.
        var knownSelectorCounts = selector is null ? null : S.TokenCounts.GetValueOrDefault(selector.Size);
        var selectorTokenizer = selector is null ? tokenizer : TokenCounting.TokenizerFor(selector.Size);
        var budget = GrainFactory.GetGrain<IBudgetGrain>(request.BudgetName);
        var workId = $"score/{this.GetPrimaryKeyString()}/{key}";

        // Earlier attempts are settled on the budget they reserved on, which may not be this request's.
        int earlier = S.AttemptsStarted.GetValueOrDefault(key);
        var earlierBudget = GrainFactory.GetGrain<IBudgetGrain>(S.AttemptBudgets.GetValueOrDefault(key, request.BudgetName));
        await AttemptCharging.SettleInterruptedAsync(earlierBudget, workId, earlier);
        var operationId = AttemptCharging.OperationId(workId, earlier + 1);
        S.AttemptsStarted[key] = earlier + 1;
        S.AttemptBudgets[key] = request.BudgetName;
        await state.WriteOrDeactivateAsync(this);

        // Reserved on the worker once the slot is held and the shard is read (its cost comes from its
        // real token counts), so shards queued behind it have reserved nothing and a crash charges
        // only work that started, by the spend ceiling the scoring keeps raising as it goes.
        // A pool file edited since ingest is refused by the read, before anything is reserved.
        var (ids, values, tokens, selectorTokens, flops) = await worker.RunAsync(cancellation =>
        {
            // The whole range is read (and checked against its ingest hash) before any scoring.
            var examples = ReadExamples(descriptor).ToList();
            var counts = knownCounts is { } known && known.Length == examples.Count ? known : CountTokens(examples, tokenizer);
            var selectorCounts = selector is null ? counts
                : knownSelectorCounts is { } knownSelector && knownSelector.Length == examples.Count ? knownSelector : CountTokens(examples, selectorTokenizer);
            var estimate = method.EstimateScoringFlops(new ScoringWorkload(examples.Count, selectorCounts.Sum(), examples, selector), target);
            AttemptCharging.ReserveOrThrowAsync(budget, operationId, estimate, FlopCategory.Selection, method.Name).GetAwaiter().GetResult();
            var input = new ShardScoringInput(examples, target, prepared, request.GlobalStatistics, request.Seed, estimate, selector);
            var scores = method.Score(input, new SpendCeilingProgress(budget, operationId, estimate), cancellation).ToArray();
            return (examples.Select(e => e.Id).ToList(), scores, counts, selectorCounts, estimate);
        });

        var computed = new ComputedScores { Values = values, Flops = flops, BudgetName = request.BudgetName, OperationId = operationId };
        S.ExampleIds = ids;
        S.Scores[key] = computed;
        S.TokenCounts[request.TokenizerSize] = tokens;
        if (selector is not null)
            S.TokenCounts[selector.Size] = selectorTokens;
        await state.WriteOrDeactivateAsync(this);
        SelectMetrics.Scored(method.Name, values.Length);
        await budget.Commit(operationId, flops);
        return computed;
    }

    private async Task<long[]> TokenCounts(ShardDescriptor descriptor, string tokenizerSize)
    {
        if (S.TokenCounts.TryGetValue(tokenizerSize, out var counts) && (S.ExampleIds.Count == 0 || counts.Length == S.ExampleIds.Count))
            return counts;
        counts = await worker.RunAsync(_ => CountTokens(ReadExamples(descriptor), TokenCounting.TokenizerFor(tokenizerSize)));
        S.TokenCounts[tokenizerSize] = counts;
        await state.WriteOrDeactivateAsync(this);
        return counts;
    }

    private TargetTask LoadTarget(string targetDirectory, string expectedContentHash)
    {
        var loaded = targets.Load(targetDirectory);
        if (loaded.ContentHash != expectedContentHash)
            throw new UserInputException(
                $"the target files in {targetDirectory} changed while the selection ran; run the selection again to score against the new content");
        return loaded.Task;
    }

    private static long[] CountTokens(IEnumerable<PoolExample> examples, ITokenizer tokenizer) =>
        examples.Select(e => TokenCounting.CountTokens(tokenizer, e)).ToArray();

    private ShardDescriptor Descriptor() =>
        S.Descriptor ?? throw new InvalidOperationException($"shard {this.GetPrimaryKeyString()} was never assigned");

    private static IEnumerable<PoolExample> ReadExamples(ShardDescriptor d) =>
        PoolJsonl.ReadRange(d.Path, d.StartByte, d.EndByte, d.ContentSha256).Select(r => r.Example);
}
