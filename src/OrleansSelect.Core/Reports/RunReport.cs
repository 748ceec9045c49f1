namespace OrleansSelect.Core.Reports;

/// <summary>One selection-plus-training run, as a user reads it: what was chosen, what it cost, how well it did.</summary>
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
    double WallSeconds)
{
    public double TotalFlops => SelectionFlops + TrainingFlops + EvaluationFlops;
}
