using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Core.Data;
using OrleansSelect.Grains.Budget;
using OrleansSelect.Grains.Catalog;
using OrleansSelect.Grains.Pool;
using OrleansSelect.Grains.Selection;
using OrleansSelect.Grains.Services;
using OrleansSelect.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using OrleansSelect.Models;
using RunCheckpointing = OrleansSelect.Models.Training.RunCheckpointing;
using RunCheckpoints = OrleansSelect.Models.Training.RunCheckpoints;
using TrainingTokens = OrleansSelect.Models.Training.TrainingTokens;

namespace OrleansSelect.Grains.Training;

/// <summary>
/// One training run: gathers the selected examples' tokens from their shards (the selection's file read a
/// part at a time, see <see cref="SelectedExampleBatches"/>, each batch tokenised as it comes), reserves
/// the training and evaluation FLOPs, finetunes and evaluates on the compute worker, commits what was spent and
/// persists the result. A finished run answers from storage. The run keeps a resume checkpoint under
/// the models folder (runs/&lt;id&gt;), so an attempt after a crash, on this silo or another sharing the
/// folder, reserves and runs only the steps after it; the folder goes once the result is stored.
/// </summary>
public sealed class TrainerGrain(
    [PersistentState("trainer", StorageNames.Default)] IPersistentState<TrainerState> state,
    ComputeWorker worker,
    TargetTaskCache targets,
    SiloComputeOptions compute,
    ILogger<TrainerGrain> logger)
    : Grain, ITrainerGrain
{
    private JobProgress _progress = JobProgress.Waiting;

    public async Task<TrainingResult> Train(TrainingRequest request)
    {
        if (state.State.Result is { } done)
        {
            if (done.Request != request)
                throw new UserInputException($"training run '{this.GetPrimaryKeyString()}' already exists with other settings; choose another id");
            return done;
        }

        var manifest = await GrainFactory.GetGrain<ISelectionGrain>(request.SelectionId).GetManifest()
            ?? throw new UserInputException($"no finished selection named '{request.SelectionId}'; run `orleansselect select` first");
        if (manifest.SelectedCount == 0)
            throw new UserInputException($"selection '{request.SelectionId}' selected no examples; nothing to train on");
        await CatalogRegistration.RegisterAsync(GrainFactory, CatalogKind.TrainingRun, this.GetPrimaryKeyString());

        _progress = new JobProgress("gathering", 0, manifest.SelectedCount, request.SelectionId);
        var tokens = await GatherTokens(manifest, request.SizeName);
        var target = await worker.RunLightAsync(_ => targets.Get(request.TargetDirectory));
        var runId = this.GetPrimaryKeyString();
        var checkpoints = RunCheckpointDirectory(runId);
        var job = new FinetuneJob(request.SizeName, request.BaseCheckpointPath, tokens, target,
            request.MaxTrainFlops, request.Epochs, request.Seed, compute.ForTorch(),
            Checkpointing: new RunCheckpointing(checkpoints, compute.CheckpointEverySteps), KeepOrder: manifest.InTrainingOrder);
        // Found before reserving, so the reservation covers exactly the steps this attempt will run.
        var rejected = new List<string>();
        var resumeFrom = await worker.RunLightAsync(_ => TargetFinetuner.FindResumePoint(job, rejected));
        foreach (var reason in rejected)
            logger.LogWarning("Training run {RunId}: {Reason}", runId, reason);
        job = job with { Checkpointing = job.Checkpointing! with { From = resumeFrom } };

        var budget = GrainFactory.GetGrain<IBudgetGrain>(request.BudgetName);
        var method = manifest.Request.Method;
        await Recover();
        int earlier = state.State.AttemptsStarted;
        state.State.AttemptsStarted = earlier + 1;
        state.State.BudgetName = request.BudgetName;
        await state.WriteOrDeactivateAsync(this);

        var trainOp = AttemptCharging.OperationId($"train/{runId}", earlier + 1);
        var evalOp = AttemptCharging.OperationId($"eval/{runId}", earlier + 1);
        // Estimating evaluation tokenises the target's test set: worker work, not grain work, but no torch, so not behind another training.
        var (trainEstimate, evalEstimate) = await worker.RunLightAsync(_ =>
            (TargetFinetuner.EstimateTrainFlops(job), TargetFinetuner.EstimateEvalFlops(request.SizeName, target)));
        await AttemptCharging.ReserveOrThrowAsync(budget, trainOp, trainEstimate, FlopCategory.Training, method);
        try
        {
            await AttemptCharging.ReserveOrThrowAsync(budget, evalOp, evalEstimate, FlopCategory.Evaluation, method);
        }
        catch (BudgetRefusedException)
        {
            await budget.Release(trainOp); // nothing ran: the training reservation goes back, uncharged
            throw;
        }

        _progress = new JobProgress("training", 0, 1, request.SizeName);
        var progress = new SpendCeilingReporter(budget, trainOp, trainEstimate, evalOp, evalEstimate, p =>
        {
            _progress = new JobProgress("training", p.Step, p.TotalSteps, $"loss {p.Loss:F3}, {p.TokensPerSecond:F0} tok/s");
            SelectMetrics.TrainingLoss(runId, request.SizeName, p.Loss);
        });
        await progress.StartAsync();
        var outcome = await worker.RunAsync(ct => TargetFinetuner.Run(job, progress, ct, evaluationProgress: progress));

        var result = new TrainingResult(runId, request, outcome.TrainTokens, outcome.Steps, outcome.TrainFlops,
            outcome.EvalFlops, outcome.FinalLoss, outcome.Accuracy, outcome.BitsPerByte, outcome.WallTime, outcome.RawAccuracy,
            outcome.ResumedAtStep);
        state.State.Result = result;
        await state.WriteOrDeactivateAsync(this);
        await worker.RunLightAsync(_ => { RunCheckpoints.Remove(checkpoints); return true; }); // the result is stored: nothing resumes from them
        SelectMetrics.Trained(request.SizeName, outcome.TrainTokens);
        await budget.Commit(trainOp, outcome.TrainFlops);
        await budget.Commit(evalOp, outcome.EvalFlops);
        _progress = new JobProgress("done", 1, 1, request.SizeName);
        return result;
    }

    public Task<TrainingResult?> GetResult() => Task.FromResult(state.State.Result);

    public async Task Recover()
    {
        if (state.State.AttemptsStarted == 0 || state.State.BudgetName.Length == 0)
            return;
        var budget = GrainFactory.GetGrain<IBudgetGrain>(state.State.BudgetName);
        var runId = this.GetPrimaryKeyString();
        // A finished run committed its last attempt, so settling leaves that one alone.
        await AttemptCharging.SettleInterruptedAsync(budget, $"train/{runId}", state.State.AttemptsStarted);
        await AttemptCharging.SettleInterruptedAsync(budget, $"eval/{runId}", state.State.AttemptsStarted);
    }

    public Task<JobProgress> GetProgress() => Task.FromResult(_progress);

    private string RunCheckpointDirectory(string runId) => Path.Combine(compute.ModelDirectory, "runs", runId);

    /// <summary>
    /// The selection's tokens in the manifest's order: each batch is tokenised as it arrives and its
    /// texts dropped, so the run holds token ids, never the selection's texts whole.
    /// </summary>
    private async Task<TrainingTokens> GatherTokens(SelectionManifest manifest, string sizeName)
    {
        var tokens = await worker.RunLightAsync(_ => new TrainingTokens(TokenCounting.TokenizerFor(sizeName)));
        await foreach (var batch in SelectedExampleBatches.ReadAsync(GrainFactory, manifest))
        {
            await worker.RunLightAsync(_ => { tokens.Add(batch.Select(b => (b.Example.Prompt, b.Example.Response))); return tokens.Count; });
            _progress = new JobProgress("gathering", tokens.Count, manifest.SelectedCount, manifest.SelectionId);
        }
        if (tokens.Count != manifest.SelectedCount)
            throw new InvalidOperationException($"selection '{manifest.SelectionId}' gave {tokens.Count} examples, not the {manifest.SelectedCount} its manifest records");
        return tokens;
    }
}
