using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Reports;
using OrleansSelect.Core.Selection;
using OrleansSelect.Grains.Services;
using OrleansSelect.Models;

namespace OrleansSelect.Silo.Workflows;

/// <summary>
/// Drives one experiment from the client: creates the budget, runs the selection and the training
/// through their grains (each call resumes where a crashed one stopped, because the ids are
/// deterministic), and turns the outcome into a report. Progress is polled from the grains.
/// </summary>
public static class ExperimentRunner
{
    public static async Task<RunReport> RunAsync(
        IGrainFactory grains, ExperimentSpec spec, Action<string, JobProgress>? onProgress = null, CancellationToken cancellation = default)
    {
        var budget = grains.GetGrain<IBudgetGrain>(spec.BudgetName);
        await budget.Create(spec.BudgetFlops);
        var pool = await grains.GetGrain<IPoolGrain>(spec.PoolName).Get()
            ?? throw new UserInputException($"no pool named '{spec.PoolName}' has been ingested; run `orleansselect ingest` first");
        var target = TargetTaskStore.Load(spec.TargetDirectory);
        var shape = ModelCatalog.Get(spec.SizeName);
        double evalFlops = TargetFinetuner.EstimateEvalFlops(spec.SizeName, target);
        TargetFinetuner.CheckBaseCheckpoint(spec.SizeName, spec.BaseCheckpointPath); // before selection pays for anything

        var selection = grains.GetGrain<ISelectionGrain>($"{spec.RunId}/select");
        var unplanned = new SelectionRequest(
            spec.PoolName, spec.Method, spec.TargetDirectory, new SelectionTarget(1.0, null),
            spec.Seed, spec.BudgetName, Selector: spec.Selector, TokenizerSize: spec.SizeName, Embedder: spec.Embedder, Amortise: spec.Amortise);
        // The estimate counts the pool's tokens under the model's tokenizer on the shards, never its bytes.
        double selectionFlops = spec.Fraction is null && spec.MaxTokens is null ? await selection.EstimateFlops(unplanned) : 0.0;
        var plan = SelectionSizing.For(spec.Fraction, spec.MaxTokens, spec.BudgetFlops, spec.Epochs, spec.Method, spec.SizeName, shape, selectionFlops, evalFlops);
        var selectionRequest = unplanned with { Target = new SelectionTarget(plan.Fraction, plan.MaxTokens) };
        var manifest = await JobPolling.WaitAsync(() => selection.Run(selectionRequest), selection.GetProgress, Stage(onProgress, "select"), cancellation);

        // Training gets what the budget has left after selection and evaluation: scores cached by an
        // earlier budget were charged here as reused (or, amortised, shared uncharged), so the ceiling
        // follows the ledger.
        var trainer = grains.GetGrain<ITrainerGrain>($"{spec.RunId}/train");
        double trainFlops = await TrainingCap.ResolveAsync(trainer, budget, spec.BudgetName, evalFlops,
            ceiling: spec.BudgetFlops - manifest.ChargedFlops);
        var trainingRequest = new TrainingRequest(manifest.SelectionId, spec.SizeName, spec.BaseCheckpointPath,
            spec.TargetDirectory, spec.BudgetName, trainFlops, spec.Epochs, spec.Seed);
        var result = await JobPolling.WaitAsync(() => trainer.Train(trainingRequest), trainer.GetProgress, Stage(onProgress, "train"), cancellation);

        return RunReports.From(spec.RunId, target.Name, manifest, result, await budget.GetStatus());
    }

    private static Action<JobProgress>? Stage(Action<string, JobProgress>? onProgress, string stage) =>
        onProgress is null ? null : p => onProgress(stage, p);
}
