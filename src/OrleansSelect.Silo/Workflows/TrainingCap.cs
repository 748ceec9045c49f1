using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Core.Reports;

namespace OrleansSelect.Silo.Workflows;

/// <summary>
/// The FLOPs a training run may spend when none is given: what the budget has left (up to a
/// ceiling), less evaluation. A run that already finished keeps its own cap, so running the same
/// command again returns its stored result instead of asking for a run with other settings.
/// </summary>
public static class TrainingCap
{
    public static async Task<double> ResolveAsync(
        ITrainerGrain trainer, IBudgetGrain budget, string budgetName, double evalFlops, double ceiling = double.PositiveInfinity)
    {
        await trainer.Recover(); // a crashed earlier attempt is charged before the budget is read
        if (await trainer.GetResult() is { } finished)
            return finished.Request.MaxTrainFlops;
        double affordable = Math.Min((await budget.GetStatus()).RemainingFlops, ceiling);
        double cap = affordable - evalFlops;
        if (cap <= 0)
            throw new UserInputException(
                $"budget '{budgetName}' has {ReportWriter.Flops(affordable)} FLOPs left, not enough to train and evaluate ({ReportWriter.Flops(evalFlops)} for evaluation alone)");
        return cap;
    }
}
