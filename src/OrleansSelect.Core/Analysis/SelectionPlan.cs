namespace OrleansSelect.Core.Analysis;

/// <summary>
/// One way to spend the budget: the method and its selector, the fraction of the pool to train on,
/// the split of FLOPs between selection and training, and the score the fitted curve expects at
/// that compute with its standard error (delta method through the curve).
/// </summary>
public sealed record SelectionPlan(
    string Method,
    string SelectorSize,
    double Fraction,
    double SelectionFlops,
    double TrainingFlops,
    double ExpectedScore,
    double ScoreStandardError,
    UtilityFit Fit)
{
    public double TotalFlops => SelectionFlops + TrainingFlops;
}
