using OrleansSelect.Abstractions;
using OrleansSelect.Core.Reports;

namespace OrleansSelect.Silo.Workflows;

/// <summary>Builds a run's report from what the grains persisted: the selection manifest, the training result, the budget.</summary>
public static class RunReports
{
    public static RunReport From(string runId, string targetName, SelectionManifest manifest, TrainingResult result, BudgetView budget) => new(
        runId,
        targetName,
        manifest.Request.Method,
        result.Request.SizeName,
        manifest.Request.Target.Fraction is { } f ? $"fraction {f:G4}" : $"top {manifest.Request.Target.MaxTokens:N0} tokens",
        manifest.PoolExampleCount,
        manifest.SelectedCount,
        manifest.SelectedTokens,
        (double)manifest.SelectedCount / manifest.PoolExampleCount,
        budget.TotalFlops,
        manifest.ChargedFlops, // what this run's budget paid, so the report equals its ledger
        result.TrainFlops,
        result.EvalFlops,
        result.Accuracy,
        result.BitsPerByte,
        result.FinalLoss,
        result.Steps,
        (manifest.WallTime + result.WallTime).TotalSeconds,
        budget.SpentFlops,
        result.RawAccuracy);
}
