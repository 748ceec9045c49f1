using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Core.IO;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Core.Selection;
using OrleansSelect.Grains.Budget;
using OrleansSelect.Grains.Selection;
using OrleansSelect.Grains.Services;
using OrleansSelect.Grains.Telemetry;
using OrleansSelect.Models;
using OrleansSelect.Models.Tokenization;
using Microsoft.Extensions.Logging;

namespace OrleansSelect.Grains.Pool;

/// <summary>
/// One shard of a pool. It reads its examples from its byte range of the pool file, scores them on
/// the silo's compute worker, persists the scores, and answers with its local top candidates.
/// Placed by its index, so a pool's shards are spread evenly over the silos (<see cref="ShardIndexPlacement"/>).
/// </summary>
[ShardIndexPlacement]
public sealed class ShardGrain(
    [PersistentState("shard", StorageNames.Default)] IPersistentState<ShardState> state,
    ComputeWorker worker,
    TargetTaskCache targets,
    SelectionMethods methods,
    SiloComputeOptions compute,
    ILogger<ShardGrain> logger)
    : Grain, IShardGrain
{
    private ShardState S => state.State;

    // What the shard has computed: read from its index file on activation, written by SaveAsync.
    private ShardIndex _index = new();

    // The jobs this activation has taken up; a fresh activation (the silo of the last one died) has none.
    private readonly HashSet<string> _jobsTaken = new(StringComparer.Ordinal);

    // Jobs under way: while one runs, a caller's job may be queued behind it rather than lost.
    private int _jobsRunning;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var shard = S; // the state is reached only on the grain's thread; the files are read and written on the worker's
        if (shard.Descriptor is not { } descriptor)
            return;
        var key = this.GetPrimaryKeyString();
        if (ShardStateMigration.IsOld(shard))
        {
            _index = await worker.RunLightAsync(_ => ShardStateMigration.MoveToIndex(shard, Columns(descriptor), descriptor.ExampleCount, key), cancellationToken);
            await SaveAsync();
            return;
        }
        if (shard.Index is not { } file)
            return;
        string? problem = null;
        var read = await worker.RunLightAsync(_ => Columns(descriptor).ReadIndex(file, out problem), cancellationToken);
        if (read is null)
            // Everything the index named is computed again when asked for; scorings as new attempts, so the ledger stays exact.
            logger.LogWarning("Shard {Shard}: {Problem}; its scores, token counts and statistics are computed again when asked for", key, problem);
        _index = read ?? new ShardIndex();
    }

    /// <summary>
    /// Writes the index file, then the state that names it (so the state never names a file not on disk),
    /// then removes the index file it replaced.
    /// </summary>
    private async Task SaveAsync()
    {
        var descriptor = Descriptor();
        var index = _index;
        var previous = S.Index;
        try
        {
            S.Index = await worker.RunLightAsync(_ => Columns(descriptor).WriteIndex(index));
        }
        catch
        {
            // Memory is now ahead of storage, as after a failed state write: start again from what was stored.
            DeactivateOnIdle();
            throw;
        }
        await state.WriteOrDeactivateAsync(this);
        if (previous is not null && previous.Path != S.Index.Path)
        {
            try
            {
                await worker.RunLightAsync(_ => { Columns(descriptor).Delete(previous); return 0; });
            }
            catch (IOException e)
            {
                // Only an unused file is left; the work is saved, so the call goes on.
                logger.LogWarning("Shard {Shard}: the replaced index file {File} could not be removed: {Reason}",
                    this.GetPrimaryKeyString(), previous.Path, e.Message);
            }
        }
    }

    public async Task Assign(ShardDescriptor descriptor)
    {
        if (S.Descriptor == descriptor)
            return;
        // The pool grain assigns only while it has no record of the pool, so another descriptor here was
        // left by an ingest that crashed before recording it: no selection can have used this shard, and
        // it starts over with the file being ingested now.
        state.State = new ShardState { Descriptor = descriptor };
        _index = new ShardIndex();
        await state.WriteOrDeactivateAsync(this);
    }

    public Task<ShardDescriptor?> GetDescriptor() => Task.FromResult(S.Descriptor);

    public async Task<string> CollectStatistics(ShardStatisticsRequest request)
    {
        var method = methods.Get(request.Method, request.Embedder, request.MethodSettings);
        var key = ScoreKey.ForStatistics(method, request.TargetContentHash);
        return await TakeJob(key, async () =>
        {
            var descriptor = Descriptor();
            var file = _index.StatisticsFiles.GetValueOrDefault(key);
            // Statistics already on file are a read, not compute: on the light path, so another silo's
            // selection waiting on this shard does not queue behind a training here.
            string? problem = null;
            var stored = file is null ? null
                : await worker.RunLightAsync(_ => Columns(descriptor).ReadStatistics(file, key, out problem));
            if (stored is not null)
                return stored;
            // Collecting statistics is not charged, so collecting them again leaves the ledger as it was.
            if (problem is not null)
                logger.LogWarning("Shard {Shard}: {Problem}; collecting {Key} again", this.GetPrimaryKeyString(), problem, key);
            var (statistics, written) = await worker.RunAheadAsync(cancellation =>
            {
                var target = LoadTarget(request.TargetDirectory, request.TargetContentHash);
                var collected = new BatchedScoring(method, target, selector: null, compute.ScoringBatchExamples, Source(descriptor))
                    .CollectStatistics(ReadExamples(descriptor), cancellation);
                return (collected, Columns(descriptor).WriteStatistics(key, collected));
            });
            _index.StatisticsFiles[key] = written;
            await SaveAsync();
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
        List<string>? ids = null;
        double[]? values = null;
        if (_index.Scores.TryGetValue(key, out var computed))
        {
            // A crash may have come between persisting the scores and committing their charge.
            await GrainFactory.GetGrain<IBudgetGrain>(computed.BudgetName).Commit(computed.OperationId, computed.Flops);
            string? problem = null;
            (values, ids) = await worker.RunLightAsync(_ =>
            {
                var stored = computed.File is { } file ? Columns(descriptor).ReadScores(file, key, out problem) : null;
                return stored is null ? (null, null) : (stored, ReadExamples(descriptor).Select(e => e.Id).ToList());
            });
            if (values is null)
            {
                // A lost or damaged score file is never trusted: the scores are computed again, and
                // that work is charged as a new attempt, like any scoring (the lost one stays charged, once).
                logger.LogWarning("Shard {Shard}: {Problem}; scoring {Key} again as a new attempt",
                    this.GetPrimaryKeyString(), problem ?? "no score file is recorded", key);
                _index.Scores.Remove(key);
            }
        }
        bool fromCache = values is not null;
        if (values is null)
            (computed, ids, values) = await ComputeScores(request, method, descriptor, key);

        var tokens = await TokenCounts(descriptor, request.TokenizerSize);
        var scored = ids!.Select((id, i) => new ScoredExample(id, values[i], tokens[i])).ToList();
        var criterion = request.Target.ToCriterion();
        var top = ShardTopK.Select(scored, criterion, request.PoolExampleCount);
        var candidates = top.Select(c => new Candidate(c.ExampleId, c.Score, c.Tokens, descriptor.Index)).ToList();
        return new ShardScoreResult(descriptor.Index, candidates, computed!.Flops, fromCache, computed.BudgetName);
    }

    public async Task<IReadOnlyList<ExampleView>> Sample(double fraction, int seed)
    {
        var descriptor = Descriptor();
        return await worker.RunLightAsync(_ => PoolSample.Draw(ReadExamples(descriptor), seed, fraction)
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
        var found = await worker.RunLightAsync(_ => ReadExamples(descriptor)
            .Where(e => wanted.Contains(e.Id))
            .ToDictionary(e => e.Id, e => new ExampleView(e.Id, e.Prompt, e.Response, e.Source, e.Task), StringComparer.Ordinal));
        var missing = exampleIds.FirstOrDefault(id => !found.ContainsKey(id));
        if (missing is not null)
            throw new UserInputException(
                $"example {missing} is no longer in {descriptor.Path} (bytes {descriptor.StartByte}-{descriptor.EndByte}); the pool file changed after ingest");
        return exampleIds.Select(id => found[id]).ToList();
    }

    private async Task<(ComputedScores Computed, List<string> Ids, double[] Values)> ComputeScores(
        ShardScoreRequest request, ISelectionMethod method, ShardDescriptor descriptor, string key)
    {
        var countsFile = _index.TokenCountFiles.GetValueOrDefault(request.TokenizerSize);
        // Every input is checked before anything is reserved: a size whose tokenizer is missing, or a
        // target or artifact changed since the job began, fails here, not after scoring.
        var (target, tokenizer, prepared, selector) = await worker.RunLightAsync(_ =>
            (LoadTarget(request.TargetDirectory, request.TargetContentHash),
             TokenCounting.TokenizerFor(request.TokenizerSize),
             request.Prepared is { } artifact ? PreparedArtifacts.Read(artifact) : null,
             SelectorCheckpoints.Load(request.SelectorCheckpoint)));
        // A model-based method's cost counts tokens under its selector's tokenizer; the selection's cut counts them under the training size's.
        var selectorCountsFile = selector is null ? null : _index.TokenCountFiles.GetValueOrDefault(selector.Size);
        var selectorTokenizer = selector is null ? tokenizer : TokenCounting.TokenizerFor(selector.Size);
        var budget = GrainFactory.GetGrain<IBudgetGrain>(request.BudgetName);

        // The shard's last attempt is settled on the budget it reserved on (which may not be this request's)
        // before the next one starts: charged its spend ceiling if it never committed (its silo died), left
        // as it was if it did. It stays named until then, so no crash between recording and committing loses it.
        await Task.WhenAll(S.OpenAttempts.Select(open => GrainFactory.GetGrain<IBudgetGrain>(open.BudgetName).SettleInterrupted(open.OperationId)));
        S.ScoringAttempts++;
        var operationId = AttemptCharging.OperationId(ScoreKey.WorkId(this.GetPrimaryKeyString(), key), S.ScoringAttempts);
        S.OpenAttempts = [new OpenAttempt(operationId, request.BudgetName)];
        await state.WriteOrDeactivateAsync(this);

        // Reserved on the worker once the slot is held and the shard is read (its cost comes from its
        // real token counts), so shards queued behind it have reserved nothing and a crash charges
        // only work that started, by the spend ceiling the scoring keeps raising as it goes.
        // A pool file edited since ingest is refused by the read, before anything is reserved.
        var (ids, values, flops, files) = await worker.RunAheadAsync(cancellation =>
        {
            var columns = Columns(descriptor);
            var storedCounts = StoredTokenCounts(columns, countsFile, request.TokenizerSize);
            var storedSelectorCounts = selector is null ? null : StoredTokenCounts(columns, selectorCountsFile, selector.Size);
            var scoring = new BatchedScoring(method, target, selector, compute.ScoringBatchExamples, Source(descriptor));
            // The whole range is read (and checked against its ingest hash) before any scoring.
            var plan = scoring.Measure(ReadExamples(descriptor), descriptor.ExampleCount,
                storedCounts, e => TokenCounting.CountTokens(tokenizer, e),
                storedSelectorCounts, e => TokenCounting.CountTokens(selectorTokenizer, e));
            if (plan.Ids.Count != descriptor.ExampleCount)
                throw new UserInputException(
                    $"{Source(descriptor)} holds {(plan.Ids.Count > descriptor.ExampleCount ? "at least" : "only")} {plan.Ids.Count} examples, not the {descriptor.ExampleCount} ingest saw; the pool file changed after ingest");
            var estimate = plan.Estimate;
            AttemptCharging.ReserveOrThrowAsync(budget, operationId, estimate, FlopCategory.Selection, method.Name).GetAwaiter().GetResult();
            var scores = scoring.Score(ReadExamples(descriptor), plan, prepared, request.GlobalStatistics, request.Seed,
                new SpendCeilingProgress(budget, operationId, estimate), cancellation);
            // The files are on disk before the state that names them is written; counts read from a file are not written again.
            var files = (Scores: columns.WriteScores(key, scores),
                Counts: storedCounts is null ? columns.WriteTokenCounts(request.TokenizerSize, plan.Counts) : countsFile!,
                SelectorCounts: selector is null ? null
                    : storedSelectorCounts is null ? columns.WriteTokenCounts(selector.Size, plan.SelectorCounts) : selectorCountsFile!);
            return (plan.Ids, scores, estimate, files);
        });

        var computed = new ComputedScores { File = files.Scores, Flops = flops, BudgetName = request.BudgetName, OperationId = operationId };
        _index.Scores[key] = computed;
        _index.TokenCountFiles[request.TokenizerSize] = files.Counts;
        if (selector is not null)
            _index.TokenCountFiles[selector.Size] = files.SelectorCounts!;
        await SaveAsync();
        SelectMetrics.Scored(method.Name, values.Length);
        await budget.Commit(operationId, flops);
        return (computed, ids, values);
    }

    private async Task<long[]> TokenCounts(ShardDescriptor descriptor, string tokenizerSize)
    {
        var file = _index.TokenCountFiles.GetValueOrDefault(tokenizerSize);
        // Counts on file are a read (every run's selection and record ask for them): light, like stored statistics.
        if (file is not null && await worker.RunLightAsync(_ => StoredTokenCounts(Columns(descriptor), file, tokenizerSize)) is { } stored)
            return stored;
        var (counts, written) = await worker.RunAheadAsync(_ =>
        {
            var counted = CountTokens(ReadExamples(descriptor), TokenCounting.TokenizerFor(tokenizerSize));
            return (counted, Columns(descriptor).WriteTokenCounts(tokenizerSize, counted));
        });
        _index.TokenCountFiles[tokenizerSize] = written;
        await SaveAsync();
        return counts;
    }

    /// <summary>
    /// Token counts from their file; null to count them again when there is none, or (with a warning
    /// naming it) when it is lost or damaged. Counting is not charged, so a recount leaves the ledger as it was.
    /// </summary>
    private long[]? StoredTokenCounts(ShardColumns columns, ColumnFileRef? file, string tokenizerSize)
    {
        if (file is null)
            return null;
        var counts = columns.ReadTokenCounts(file, tokenizerSize, out var problem);
        if (counts is null)
            logger.LogWarning("Shard {Shard}: {Problem}; counting its {Size} tokens again", this.GetPrimaryKeyString(), problem, tokenizerSize);
        return counts;
    }

    private ShardColumns Columns(ShardDescriptor descriptor) => new(new ColumnFileStore(compute.ModelDirectory), this.GetPrimaryKeyString(), descriptor);

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

    private static string Source(ShardDescriptor d) => $"{d.Path} (bytes {d.StartByte}-{d.EndByte})";

    private ShardDescriptor Descriptor() =>
        S.Descriptor ?? throw new InvalidOperationException($"shard {this.GetPrimaryKeyString()} was never assigned");

    private static IEnumerable<PoolExample> ReadExamples(ShardDescriptor d) =>
        PoolJsonl.ReadRange(d.Path, d.StartByte, d.EndByte, d.ContentSha256).Select(r => r.Example);
}
