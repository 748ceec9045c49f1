using OrleansSelect.Core.Budget;
using OrleansSelect.Abstractions;
using OrleansSelect.Models;

namespace OrleansSelect.Grains.Training;

/// <summary>
/// Watches a training run's progress on the worker thread and keeps the budget's spend ceilings a
/// step ahead of the work: the training ceiling at most a few percent above the FLOPs really spent,
/// and the evaluation ceiling at zero until evaluation starts, then raised before each batch runs
/// (a plan of zero training steps evaluates all the same). If the silo dies mid-run, the
/// interrupted operations are charged these ceilings: never less than was spent, and not much more.
/// Report runs synchronously on the worker thread, so the work waits until the ceiling is stored.
/// </summary>
public sealed class SpendCeilingReporter(
    IBudgetGrain budget,
    string trainOperationId,
    double trainReserved,
    string evalOperationId,
    double evalReserved,
    Action<TrainingProgress> display) : IProgress<TrainingProgress>, IProgress<EvaluationProgress>
{
    /// <summary>How far ahead of the work a ceiling is set, as a share of the reservation.</summary>
    public const double Headroom = SpendCeilingRule.Headroom;

    private double _ceiling; // 0 until the first report; until then the ledger holds the whole reservation
    private double _lastFlops;
    private double _evalCeiling;

    /// <summary>Before any work: evaluation has spent nothing yet.</summary>
    public Task StartAsync() => budget.RecordSpendCeiling(evalOperationId, 0);

    public void Report(TrainingProgress progress)
    {
        display(progress);
        double step = progress.FlopsSoFar - _lastFlops;
        _lastFlops = progress.FlopsSoFar;

        // Lower the ceiling from the whole reservation at the first report (every report follows a
        // step, so the test below holds against the initial 0), then raise it whenever the next two
        // steps could pass it.
        if (SpendCeilingRule.Next(_ceiling, progress.FlopsSoFar, step, trainReserved) is { } ceiling)
        {
            _ceiling = ceiling;
            budget.RecordSpendCeiling(trainOperationId, _ceiling).GetAwaiter().GetResult();
        }
    }

    /// <summary>Before each evaluation batch: the ceiling covers that batch before it runs.</summary>
    public void Report(EvaluationProgress progress)
    {
        if (progress.FlopsWhenDone <= _evalCeiling)
            return;
        _evalCeiling = Math.Min(evalReserved, progress.FlopsWhenDone + evalReserved * Headroom);
        budget.RecordSpendCeiling(evalOperationId, _evalCeiling).GetAwaiter().GetResult();
    }
}
