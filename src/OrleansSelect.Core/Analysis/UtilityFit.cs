namespace OrleansSelect.Core.Analysis;

/// <summary>
/// A fitted utility curve (see <see cref="UtilityCurve"/>) with what the fit knows of its own
/// uncertainty: standard errors of P₀ and λ and their covariance, from the Jacobian at the optimum
/// scaled by the residual variance (as scipy's curve_fit reports them). Standard errors are NaN
/// when there are no more points than parameters. <see cref="MinFlops"/>..<see cref="MaxFlops"/> is
/// the compute the runs covered; below <see cref="MinFlops"/> the method was never run.
/// <see cref="SelectionFlopsPerPoolToken"/> is what the runs spent choosing data per pool token
/// (NaN when the input had no selection costs), so a planner can price a different pool.
/// </summary>
public sealed record UtilityFit(
    FitKey Key,
    double FullDataScore,
    double FullDataFlops,
    double P0,
    double Lambda,
    double P0StandardError,
    double LambdaStandardError,
    double P0LambdaCovariance,
    double RSquared,
    int Points,
    double MinFlops,
    double MaxFlops,
    double SelectionFlopsPerPoolToken)
{
    public double Predict(double flops) => UtilityCurve.Value(flops, P0, Lambda, FullDataScore, FullDataFlops);

    /// <summary>Standard error of the predicted score at C, by the delta method: √(gᵀ Σ g), g = ∂P/∂(P₀, λ).</summary>
    public double PredictStandardError(double flops)
    {
        var (dp0, dl) = UtilityCurve.Gradient(flops, P0, Lambda, FullDataScore, FullDataFlops);
        double variance = dp0 * dp0 * P0StandardError * P0StandardError
                          + 2 * dp0 * dl * P0LambdaCovariance
                          + dl * dl * LambdaStandardError * LambdaStandardError;
        return Math.Sqrt(Math.Max(0, variance));
    }

    /// <summary>The method can be run at this compute: it is no less than its cheapest observed run.</summary>
    public bool Covers(double flops) => flops >= MinFlops;
}
