using System.Diagnostics;
using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Core.Selection;
using OrleansSelect.Grains.Catalog;
using OrleansSelect.Grains.Pool;
using OrleansSelect.Grains.Services;
using OrleansSelect.Models;

namespace OrleansSelect.Grains.Selection;

/// <summary>
/// Runs one selection: corpus statistics from every shard when the method needs them, then every
/// shard scores itself and returns its local top candidates, and the merge keeps the exact global
/// top (ties by example id). Only the manifest is persisted here; the shards persist their scores,
/// so a job interrupted halfway resumes without rescoring what was done.
/// </summary>
public sealed class SelectionGrain(
    [PersistentState("selection", StorageNames.Default)] IPersistentState<SelectionState> state)
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
        var scorer = ScorerRegistry.Default.Get(request.Method);
        var criterion = request.Target.ToCriterion();
        TokenCounting.TokenizerFor(request.TokenizerSize); // a size without its tokenizer fails now, before any shard reserves
        var pool = await GrainFactory.GetGrain<IPoolGrain>(request.PoolName).Get()
            ?? throw new UserInputException($"no pool named '{request.PoolName}' has been ingested; run `orleansselect ingest` first");
        if (pool.ExampleCount == 0)
            throw new UserInputException($"pool '{request.PoolName}' is empty");
        if (!await GrainFactory.GetGrain<IBudgetGrain>(request.BudgetName).Exists())
            throw new UserInputException($"no budget named '{request.BudgetName}' exists; create it with `orleansselect budget create`");
        await CatalogRegistration.RegisterAsync(GrainFactory, CatalogKind.Selection, this.GetPrimaryKeyString());

        var shards = pool.Shards.Select(s => GrainFactory.GetGrain<IShardGrain>(ShardKeys.For(s.PoolName, s.Index))).ToList();

        CorpusStatisticsView? global = null;
        if (scorer.NeedsCorpusStatistics)
        {
            _progress = new JobProgress("statistics", 0, shards.Count, request.Method);
            int collected = 0;
            var parts = await BoundedFanOut.RunAsync(shards, async s =>
            {
                var part = await JobPolling.WaitAsync(
                    () => s.CollectStatistics(request.Method, request.TargetDirectory),
                    () => s.GetProgress(ScoreKey.ForStatistics(request.Method, request.TargetDirectory)), onProgress: null);
                _progress = new JobProgress("statistics", Interlocked.Increment(ref collected), shards.Count, request.Method);
                return part;
            });
            global = CorpusStatistics.Sum(parts.Select(p => p.ToCore())).ToView();
        }

        var shardRequest = new ShardScoreRequest(
            request.Method, request.Selector, request.TargetDirectory, request.Seed, request.BudgetName,
            global, request.Target, pool.ExampleCount, request.TokenizerSize);
        int finished = 0, examplesDone = 0;
        var scoringClock = Stopwatch.StartNew();
        _progress = new JobProgress("scoring", 0, shards.Count, request.Method);
        var results = await BoundedFanOut.RunAsync(shards.Zip(pool.Shards).ToList(), async pair =>
        {
            var result = await JobPolling.WaitAsync(
                () => pair.First.Score(shardRequest), () => pair.First.GetProgress(ScoreKey.For(shardRequest)), onProgress: null);
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
            results.Sum(r => r.ScoringFlops), results.Count(r => !r.FromCache), results.Count(r => r.FromCache), clock.Elapsed);
        state.State.Manifest = manifest;
        await state.WriteOrDeactivateAsync(this);
        _progress = new JobProgress("done", shards.Count, shards.Count, request.Method);
        return manifest;
    }

    public Task<SelectionManifest?> GetManifest() => Task.FromResult(state.State.Manifest);

    public Task<JobProgress> GetProgress() => Task.FromResult(_progress);
}
