namespace OrleansSelect.Core.Reports;

/// <summary>
/// One selection-plus-training run, as a user reads it: what was chosen, what it cost, how well it
/// did. <see cref="TotalFlops"/> is what this run's selection, training and evaluation cost;
/// <see cref="BudgetSpentFlops"/> is what its budget's ledger shows spent, which is more when an
/// interrupted attempt was charged. Wall time is compute time (selection plus training), not the
/// time of the command that printed it.
/// </summary>
public sealed record RunReport(
    string RunId,
    string Target,
    string Method,
    string ModelSize,
    string Criterion,
    long PoolExamples,
    long SelectedExamples,
    long SelectedTokens,
    double SelectedFraction,
    double BudgetFlops,
    double SelectionFlops,
    double TrainingFlops,
    double EvaluationFlops,
    double Accuracy,
    double BitsPerByte,
    double FinalLoss,
    int TrainingSteps,
    double WallSeconds,
    double BudgetSpentFlops,
    double RawAccuracy = double.NaN)
{
    public double TotalFlops => SelectionFlops + TrainingFlops + EvaluationFlops;
}
