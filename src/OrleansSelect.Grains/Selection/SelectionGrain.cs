using System.Diagnostics;
using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.IO;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Grains.Budget;
using OrleansSelect.Core.Selection;
using OrleansSelect.Grains.Catalog;
using OrleansSelect.Grains.Pool;
using OrleansSelect.Grains.Services;
using OrleansSelect.Models;
using OrleansSelect.Models.Tokenization;

namespace OrleansSelect.Grains.Selection;

/// <summary>
/// Runs one selection: the method's prepare phase when it has one (its artifact persisted and
/// named by content hash), global statistics from every shard when the method needs them, then every
/// shard scores itself and returns its local top candidates, and the merge keeps the exact global
/// top (ties by example id). Only the manifest is persisted here; the shards persist their scores,
/// so a job interrupted halfway resumes without rescoring what was done.
/// </summary>
public sealed class SelectionGrain(
    [PersistentState("selection", StorageNames.Default)] IPersistentState<SelectionState> state,
    ComputeWorker worker,
    TargetTaskCache targets,
    SelectionMethods methods,
    SiloComputeOptions compute)
    : Grain, ISelectionGrain
{
    private JobProgress _progress = JobProgress.Waiting;

    public async Task<SelectionManifest> Run(SelectionRequest request)
    {
        if (state.State.Manifest is { } done)
        {
            if (done.Request != request)
                throw new UserInputException($"selection '{this.GetPrimaryKeyString()}' already exists with other settings; choose another id");
            return done;
        }

        var clock = Stopwatch.StartNew();
        var method = methods.Get(request.Method, request.Embedder);
        var criterion = request.Target.ToCriterion();
        var tokenizer = TokenCounting.TokenizerFor(request.TokenizerSize); // a size without its tokenizer fails now, before any shard reserves
        var target = await worker.RunAsync(_ => targets.Load(request.TargetDirectory));
        var pool = await GrainFactory.GetGrain<IPoolGrain>(request.PoolName).Get()
            ?? throw new UserInputException($"no pool named '{request.PoolName}' has been ingested; run `orleansselect ingest` first");
        if (pool.ExampleCount == 0)
            throw new UserInputException($"pool '{request.PoolName}' is empty");
        if (!await GrainFactory.GetGrain<IBudgetGrain>(request.BudgetName).Exists())
            throw new UserInputException($"no budget named '{request.BudgetName}' exists; create it with `orleansselect budget create`");
        await CatalogRegistration.RegisterAsync(GrainFactory, CatalogKind.Selection, this.GetPrimaryKeyString());

        var shards = pool.Shards.Select(s => GrainFactory.GetGrain<IShardGrain>(ShardKeys.For(s.PoolName, s.Index))).ToList();

        PreparedArtifactView? prepared = null;
        if (method.NeedsPrepare)
        {
            _progress = new JobProgress("prepare", 0, 1, request.Method);
            prepared = await PrepareAsync(method, request, target, tokenizer);
        }

        string? global = null;
        if (method.NeedsGlobalStatistics)
        {
            _progress = new JobProgress("statistics", 0, shards.Count, request.Method);
            var statisticsRequest = new ShardStatisticsRequest(request.Method, request.Embedder, request.TargetDirectory, target.ContentHash);
            var parts = await BoundedFanOut.RunAsync(shards, s => SiloLossRetry.RunAsync(() => s.CollectStatistics(statisticsRequest)));
            global = method.MergeStatistics(parts);
        }

        var shardRequest = new ShardScoreRequest(
            request.Method, request.Selector, request.TargetDirectory, request.Seed, request.BudgetName,
            global, request.Target, pool.ExampleCount, request.TokenizerSize, request.Embedder, target.ContentHash, prepared);
        int finished = 0, examplesDone = 0;
        var scoringClock = Stopwatch.StartNew();
        _progress = new JobProgress("scoring", 0, shards.Count, request.Method);
        var results = await BoundedFanOut.RunAsync(shards.Zip(pool.Shards).ToList(), async pair =>
        {
            var result = await SiloLossRetry.RunAsync(() => pair.First.Score(shardRequest));
            int done = Interlocked.Increment(ref finished);
            int examples = Interlocked.Add(ref examplesDone, pair.Second.ExampleCount);
            _progress = new JobProgress("scoring", done, shards.Count,
                $"{request.Method}: {done}/{shards.Count} shards, {examples / Math.Max(1e-3, scoringClock.Elapsed.TotalSeconds):N0} examples/s");
            return result;
        });

        var merged = GlobalTopKMerger.Merge(
            results.Select(r => (IReadOnlyList<ScoredExample>)r.Candidates.Select(c => new ScoredExample(c.ExampleId, c.Score, c.Tokens)).ToList()),
            criterion,
            pool.ExampleCount);
        var shardOf = results.SelectMany(r => r.Candidates).ToDictionary(c => c.ExampleId, c => c.Shard, StringComparer.Ordinal);
        var selected = merged.Selected.Select(s => new Candidate(s.ExampleId, s.Score, s.Tokens, shardOf[s.ExampleId])).ToList();

        var manifest = new SelectionManifest(
            this.GetPrimaryKeyString(), request, selected, merged.TokenCount, pool.ExampleCount,
            results.Sum(r => r.ScoringFlops) + state.State.PrepareFlops, results.Count(r => !r.FromCache), results.Count(r => r.FromCache),
            clock.Elapsed, prepared);
        state.State.Manifest = manifest;
        await state.WriteOrDeactivateAsync(this);
        _progress = new JobProgress("done", shards.Count, shards.Count, request.Method);
        return manifest;
    }

    public async Task<double> EstimateFlops(SelectionRequest request)
    {
        var method = methods.Get(request.Method, request.Embedder);
        var tokenizer = TokenCounting.TokenizerFor(request.TokenizerSize);
        var target = await worker.RunAsync(_ => targets.Load(request.TargetDirectory));
        var pool = await GrainFactory.GetGrain<IPoolGrain>(request.PoolName).Get()
            ?? throw new UserInputException($"no pool named '{request.PoolName}' has been ingested; run `orleansselect ingest` first");
        long tokens = await PoolTokens.CountAsync(GrainFactory, pool, request.TokenizerSize);
        double prepare = method.NeedsPrepare ? method.EstimatePrepareFlops(target.Task, ReferenceTokens(target.Task, tokenizer)) : 0.0;
        return prepare + method.EstimateScoringFlops(new ScoringWorkload(pool.ExampleCount, tokens), target.Task);
    }

    /// <summary>
    /// Prepare once per (method, settings, selector, target content): an artifact already on disk is
    /// used as it is; otherwise this job reserves, runs prepare on the worker (its spend ceiling
    /// following the work), writes the artifact atomically and commits. A crash before the commit is
    /// settled at the next run: committed in full when the artifact was written, else charged its ceiling.
    /// </summary>
    private async Task<PreparedArtifactView> PrepareAsync(ISelectionMethod method, SelectionRequest request, LoadedTarget target, ITokenizer tokenizer)
    {
        var path = PreparedArtifacts.PathFor(compute.ModelDirectory, method, request.Selector, target.ContentHash);
        var budget = GrainFactory.GetGrain<IBudgetGrain>(request.BudgetName);
        var workId = $"prepare/{this.GetPrimaryKeyString()}";
        int attempts = state.State.PrepareAttempts;
        if (attempts > 0 && File.Exists(path))
            await budget.Commit(AttemptCharging.OperationId(workId, attempts), state.State.PrepareFlops);
        if (!File.Exists(path))
        {
            await AttemptCharging.SettleInterruptedAsync(budget, workId, attempts);
            double flops = method.EstimatePrepareFlops(target.Task, ReferenceTokens(target.Task, tokenizer));
            var operationId = AttemptCharging.OperationId(workId, attempts + 1);
            state.State.PrepareAttempts = attempts + 1;
            state.State.PrepareFlops = flops;
            await state.WriteOrDeactivateAsync(this);

            var category = method.PrepareCharge == PrepareCharge.Training ? FlopCategory.Training : FlopCategory.Selection;
            var content = await worker.RunAsync(
                cancellation => method.Prepare(target.Task, new PrepareContext(
                    PreparedArtifacts.WorkDirectoryFor(path), new SpendCeilingProgress(budget, operationId, flops), cancellation)),
                onStart: () => AttemptCharging.ReserveOrThrowAsync(budget, operationId, flops, category, method.Name));
            AtomicFile.WriteAllBytes(path, content);
            await budget.Commit(operationId, flops);
        }
        var artifact = await worker.RunAsync(_ => PreparedArtifact.Of(File.ReadAllBytes(path)));
        return new PreparedArtifactView(path, artifact.ContentHash);
    }

    private static long ReferenceTokens(TargetTask target, ITokenizer tokenizer) =>
        target.Reference.Sum(e => TokenCounting.CountTokens(tokenizer, e));

    public Task<SelectionManifest?> GetManifest() => Task.FromResult(state.State.Manifest);

    public Task<JobProgress> GetProgress() => Task.FromResult(_progress);
}
