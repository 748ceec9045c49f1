using OrleansSelect.Abstractions;
using OrleansSelect.Core.Budget;

namespace OrleansSelect.Grains.Budget;

/// <summary>
/// Receives a method's FLOPs done (prepare or shard scoring) on the worker thread and keeps the
/// operation's spend ceiling a step ahead of them by <see cref="SpendCeilingRule"/>, as training
/// does: a silo that dies mid-scoring leaves a charge of about what was done, not the whole estimate.
/// Report blocks until the ceiling is stored, so the work never runs past it.
/// </summary>
public sealed class SpendCeilingProgress(IBudgetGrain budget, string operationId, double reserved) : IProgress<double>
{
    private double _ceiling; // 0 until the first report; until then the ledger holds the whole reservation
    private double _lastFlops;

    public void Report(double flopsSoFar)
    {
        double step = Math.Max(0, flopsSoFar - _lastFlops);
        _lastFlops = flopsSoFar;
        if (SpendCeilingRule.Next(_ceiling, flopsSoFar, step, reserved) is { } ceiling)
        {
            _ceiling = ceiling;
            budget.RecordSpendCeiling(operationId, _ceiling).GetAwaiter().GetResult();
        }
    }
}
