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
/// top (ties by example id). The selected candidates are written to the selection's file under the
/// models folder and only the manifest, which references it, is persisted here; readers get the
/// candidates a part at a time (<see cref="GetPart"/>). The shards persist their scores, so a job
/// interrupted halfway resumes without rescoring what was done.
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
    private (MergeNode Root, string Method, int PoolExamples, Stopwatch Clock)? _scoring;
    private IReadOnlyList<SelectionPart>? _parts;
    private Task? _rereading; // a read of the stored manifest in flight (see StoredManifestAsync)

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var selection = state.State; // the state is reached only on the grain's thread; the file is written on the worker's
        if (SelectionStateMigration.HasInlineSelection(selection))
        {
            await worker.RunLightAsync(_ => { SelectionStateMigration.MoveToFile(selection, FileOf, compute.SelectionPartRows); return 0; }, cancellationToken);
            await state.WriteOrDeactivateAsync(this);
        }
    }

    public async Task<SelectionManifest> Run(SelectionRequest request)
    {
        if (state.State.Manifest is { } done)
        {
            if (done.Request != request)
                throw new UserInputException($"selection '{this.GetPrimaryKeyString()}' already exists with other settings; choose another id");
            return done;
        }

        var clock = Stopwatch.StartNew();
        var method = methods.Get(request.Method, request.Embedder, request.MethodSettings);
        var criterion = request.Target.ToCriterion();
        var tokenizer = TokenCounting.TokenizerFor(request.TokenizerSize); // a size without its tokenizer fails now, before any shard reserves
        var target = await worker.RunLightAsync(_ => targets.Load(request.TargetDirectory));
        var selector = await worker.RunLightAsync(_ => SelectorCheckpoints.Resolve(compute.ModelDirectory, method, request.Selector));
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
            prepared = await PrepareAsync(method, request, target, selector, shards);
        }

        string? global = null;
        if (method.NeedsGlobalStatistics)
        {
            _progress = new JobProgress("statistics", 0, shards.Count, request.Method);
            var statisticsRequest = new ShardStatisticsRequest(request.Method, request.Embedder, request.TargetDirectory, target.ContentHash, request.MethodSettings);
            var statisticsKey = ScoreKey.ForStatistics(method, target.ContentHash);
            int collected = 0;
            var parts = await BoundedFanOut.RunAsync(shards, async s =>
            {
                var part = await JobPolling.WaitAsync(() => s.CollectStatistics(statisticsRequest), () => s.GetProgress(statisticsKey), onProgress: null);
                _progress = new JobProgress("statistics", Interlocked.Increment(ref collected), shards.Count, request.Method);
                return part;
            });
            global = method.MergeStatistics(parts);
        }

        var shardRequest = new ShardScoreRequest(
            request.Method, request.Selector, request.TargetDirectory, request.Seed, request.BudgetName,
            global, request.Target, pool.ExampleCount, request.TokenizerSize, request.Embedder, target.ContentHash, prepared, selector, request.MethodSettings);
        // The selection grain is the root of the merge tree: no node, this one included, handles more
        // than the fan-out's children or holds more than their merged candidates.
        var scoringClock = Stopwatch.StartNew();
        var root = new MergeNode(GrainFactory, new MergeRequest(
            this.GetPrimaryKeyString(), request.PoolName, pool.Shards.Select(s => s.Index).ToList(), shardRequest,
            ScoreKey.For(method, shardRequest), compute.MergeFanOut, BoundedFanOut.DefaultMaxInFlight));
        _scoring = (root, request.Method, pool.ExampleCount, scoringClock);
        _progress = new JobProgress(MergeNode.ScoringPhase, 0, shards.Count, request.Method);
        MergeResult scored;
        try
        {
            scored = await root.RunAsync();
        }
        finally
        {
            _scoring = null; // a failed run must not show its scoring to the next attempt on this activation
        }
        var scoringTime = scoringClock.Elapsed - root.MergeTime;
        _progress = new JobProgress("merging", shards.Count, shards.Count, request.Method);

        double reused = scored.ReusedFlops + state.State.ReusedPrepareFlops;
        await ChargeReuseAsync(method, request, reused);

        var mergeClock = Stopwatch.StartNew();
        var merged = GlobalTopKMerger.Merge(
            [scored.Candidates.Select(c => new ScoredExample(c.ExampleId, c.Score, c.Tokens)).ToList()],
            criterion,
            pool.ExampleCount);
        var mergeTime = root.MergeTime + mergeClock.Elapsed; // the root's merge of its children, then the final cut
        var shardOf = scored.Candidates.ToDictionary(c => c.ExampleId, c => c.Shard, StringComparer.Ordinal);
        var trainingOrder = method.TrainingOrder(merged.Selected, request.Seed);
        var selected = (trainingOrder ?? merged.Selected).Select(s => new Candidate(s.ExampleId, s.Score, s.Tokens, shardOf[s.ExampleId])).ToList();
        // Bounded by k, held here only while its file is written: neither the state nor any message carries it.
        var selectionId = this.GetPrimaryKeyString();
        var written = await worker.RunLightAsync(_ => SelectionFileViews.Write(FileOf(selectionId), selected, compute.SelectionPartRows));

        var manifest = new SelectionManifest(
            selectionId, request, SelectionFileViews.View(written), written.Count, merged.TokenCount, pool.ExampleCount,
            scored.ScoringFlops + state.State.PrepareFlops + state.State.ReusedPrepareFlops,
            scored.ShardsScored, scored.ShardsFromCache, clock.Elapsed, prepared, reused,
            InTrainingOrder: trainingOrder is not null, ScoringTime: scoringTime, MergeTime: mergeTime);
        state.State.Manifest = manifest;
        await state.WriteOrDeactivateAsync(this);
        _progress = new JobProgress("done", shards.Count, shards.Count, request.Method);
        return manifest;
    }

    public async Task<double> EstimateFlops(SelectionRequest request)
    {
        var method = methods.Get(request.Method, request.Embedder, request.MethodSettings);
        var target = await worker.RunLightAsync(_ => targets.Load(request.TargetDirectory));
        var selector = SelectorCheckpoints.Load(await worker.RunLightAsync(_ => SelectorCheckpoints.Resolve(compute.ModelDirectory, method, request.Selector)));
        // Costs count tokens under the selector's tokenizer when the method has one.
        var countingSize = selector?.Size ?? request.TokenizerSize;
        var tokenizer = TokenCounting.TokenizerFor(countingSize);
        var pool = await GrainFactory.GetGrain<IPoolGrain>(request.PoolName).Get()
            ?? throw new UserInputException($"no pool named '{request.PoolName}' has been ingested; run `orleansselect ingest` first");
        long tokens = await PoolTokens.CountAsync(GrainFactory, pool, countingSize);
        double prepare = method.NeedsPrepare ? method.EstimatePrepareFlops(target.Task, ReferenceTokens(target.Task, tokenizer), selector) : 0.0;
        // A plan before the sample is drawn: its expected share of the pool's tokens.
        if (method.NeedsPrepare && method.PoolSampleFraction > 0)
            prepare += method.EstimatePoolSampleFlops(
                (int)Math.Round(method.PoolSampleFraction * pool.ExampleCount), (long)Math.Round(method.PoolSampleFraction * tokens), selector, null);
        return prepare + method.EstimateScoringFlops(new ScoringWorkload(pool.ExampleCount, tokens, Selector: selector), target.Task);
    }

    /// <summary>
    /// Prepare once per (method, settings, selector, target content): an artifact already on disk is
    /// used as it is; otherwise this job reserves, runs prepare on the worker (its spend ceiling
    /// following the work), writes the artifact atomically and commits. A crash before the commit is
    /// settled at the next run: committed in full when the artifact was written, else charged its ceiling.
    /// A method that trains on a pool sample gets it drawn here from every shard with the request's
    /// seed; the sample's content hash joins the artifact's key, and a resumed prepare is estimated
    /// (and charged) only for the work its checkpoints do not already hold.
    /// </summary>
    private async Task<PreparedArtifactView> PrepareAsync(
        ISelectionMethod method, SelectionRequest request, LoadedTarget target, SelectorCheckpointView? selectorView, IReadOnlyList<IShardGrain> shards)
    {
        var selector = SelectorCheckpoints.Load(selectorView);
        var tokenizer = TokenCounting.TokenizerFor(selector?.Size ?? request.TokenizerSize);
        IReadOnlyList<PoolExample>? sample = null;
        var key = target.ContentHash;
        if (method.PoolSampleFraction > 0)
        {
            var parts = await BoundedFanOut.RunAsync(shards, s => SiloLossRetry.RunAsync(() => s.Sample(method.PoolSampleFraction, request.Seed)));
            sample = PoolSample.Merge(parts.Select(p => p.Select(e => new PoolExample(e.Id, e.Prompt, e.Response, e.Source, e.Task))));
            key = $"{target.ContentHash}+sample:{PoolSample.ContentHash(sample)}";
        }
        var path = PreparedArtifacts.PathFor(compute.ModelDirectory, method, selectorView, key);
        var budget = GrainFactory.GetGrain<IBudgetGrain>(request.BudgetName);
        var workId = $"prepare/{this.GetPrimaryKeyString()}";
        int attempts = state.State.PrepareAttempts;
        if (attempts > 0 && File.Exists(path))
            await budget.Commit(AttemptCharging.OperationId(workId, attempts), state.State.PrepareFlops);
        else if (attempts == 0 && File.Exists(path) && PreparedArtifacts.PaidBy(path) != request.BudgetName)
        {
            // Made earlier for another budget: this selection still owes its cost (see ChargeReuseAsync).
            state.State.ReusedPrepareFlops = method.EstimatePrepareFlops(target.Task, ReferenceTokens(target.Task, tokenizer), selector);
            await state.WriteOrDeactivateAsync(this);
        }
        if (!File.Exists(path))
        {
            await AttemptCharging.SettleInterruptedAsync(budget, workId, attempts);
            // On the worker: the estimate may load the method's model and tokenize every reference example,
            // which on the grain's own thread would hold up the progress polls that tell this job is alive.
            // What an interrupted attempt left in the work folder (checkpoints) is not done, nor charged, again.
            var workDirectory = PreparedArtifacts.WorkDirectoryFor(path);
            double flops = await worker.RunAsync(_ =>
                method.EstimateRemainingPrepareFlops(target.Task, ReferenceTokens(target.Task, tokenizer), selector, workDirectory)
                + (sample is null ? 0.0 : method.EstimatePoolSampleFlops(sample.Count, sample.Sum(e => TokenCounting.CountTokens(tokenizer, e)), selector, workDirectory)));
            var operationId = AttemptCharging.OperationId(workId, attempts + 1);
            state.State.PrepareAttempts = attempts + 1;
            state.State.PrepareFlops = flops;
            await state.WriteOrDeactivateAsync(this);

            var category = method.PrepareCharge == PrepareCharge.Training ? FlopCategory.Training : FlopCategory.Selection;
            var content = await worker.RunAsync(
                cancellation => method.Prepare(target.Task, new PrepareContext(
                    PreparedArtifacts.WorkDirectoryFor(path), new SpendCeilingProgress(budget, operationId, flops), cancellation, selector, sample)),
                onStart: () => AttemptCharging.ReserveOrThrowAsync(budget, operationId, flops, category, method.Name));
            PreparedArtifacts.Write(path, content, request.BudgetName);
            await budget.Commit(operationId, flops);
        }
        var artifact = await worker.RunLightAsync(_ => PreparedArtifact.Of(File.ReadAllBytes(path)));
        return new PreparedArtifactView(path, artifact.ContentHash);
    }

    /// <summary>
    /// Scores and artifacts computed earlier for another budget are still this selection's cost: charged
    /// here as one "reused" line, so that methods compared at one budget pay alike and the ledger equals
    /// the report; with <see cref="SelectionRequest.Amortise"/> they are shared instead, and the ledger
    /// gets an "amortised" line of zero FLOPs that says so. The operation id is the selection's, so a
    /// rerun after a crash neither charges twice nor misses the charge.
    /// </summary>
    private async Task ChargeReuseAsync(ISelectionMethod method, SelectionRequest request, double reusedFlops)
    {
        if (reusedFlops <= 0)
            return;
        var budget = GrainFactory.GetGrain<IBudgetGrain>(request.BudgetName);
        var operationId = $"reuse/{this.GetPrimaryKeyString()}";
        double charge = request.Amortise ? 0.0 : reusedFlops;
        await AttemptCharging.ReserveOrThrowAsync(budget, operationId, charge, FlopCategory.Selection,
            $"{method.Name}, {(request.Amortise ? "amortised" : "reused")}");
        await budget.Commit(operationId, charge);
    }

    private static long ReferenceTokens(TargetTask target, ITokenizer tokenizer) =>
        target.Reference.Sum(e => TokenCounting.CountTokens(tokenizer, e));

    public Task<SelectionManifest?> GetManifest() => StoredManifestAsync();

    /// <summary>
    /// The manifest, read again from storage when this activation has none: after a silo is lost, a
    /// second activation can answer for a moment while the first finishes the job and stores it
    /// (seen in SiloKillTests: the job returned its manifest, and the next GetPart found none).
    /// No job runs in this activation meanwhile (Run does not interleave), so nothing unstored is lost.
    /// </summary>
    private async Task<SelectionManifest?> StoredManifestAsync()
    {
        if (state.State.Manifest is null)
        {
            // Read-only calls interleave: they share one read.
            await (_rereading ??= state.ReadStateAsync());
            _rereading = null;
        }
        return state.State.Manifest;
    }

    public async Task<IReadOnlyList<SelectedCandidate>> GetPart(int part)
    {
        var manifest = await StoredManifestAsync()
            ?? throw new UserInputException($"no finished selection named '{this.GetPrimaryKeyString()}'; run `orleansselect select` first");
        ArgumentOutOfRangeException.ThrowIfNegative(part);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(part, manifest.File.Parts);
        var file = FileOf(manifest.SelectionId);
        // The index is a few dozen bytes per part, so an activation keeps it for the reads that follow.
        var parts = _parts ??= await worker.RunLightAsync(_ => file.ReadIndex(SelectionFileViews.Index(manifest.File)));
        if (parts.Count != manifest.File.Parts)
            throw new UserInputException($"selection '{manifest.SelectionId}': its index lists {parts.Count} parts, not the {manifest.File.Parts} its manifest records");
        var rows = await worker.RunLightAsync(_ => file.ReadPart(parts[part]));
        return rows.Select(SelectionFileViews.ToCandidate).ToList();
    }

    private SelectionFile FileOf(string selectionId) => new(new ColumnFileStore(compute.ModelDirectory), selectionId);

    public Task<JobProgress> GetProgress() => Task.FromResult(_scoring is { } s ? ScoringProgress(s.Root, s.Method, s.PoolExamples, s.Clock) : _progress);

    /// <summary>Shards scored so far across the tree, and the pace in examples (shards are about equal in size).</summary>
    private static JobProgress ScoringProgress(MergeNode root, string method, int poolExamples, Stopwatch clock)
    {
        int done = root.ShardsDone, total = root.ShardCount;
        double examples = (double)poolExamples * done / total;
        return new JobProgress(MergeNode.ScoringPhase, done, total,
            $"{method}: {done}/{total} shards, {examples / Math.Max(1e-3, clock.Elapsed.TotalSeconds):N0} examples/s");
    }
}
