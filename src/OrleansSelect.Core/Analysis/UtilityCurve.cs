namespace OrleansSelect.Core.Analysis;

/// <summary>
/// The paper's utility of compute: P(C) = (P̄ − P₀)·(1 − exp(−λ·C/C_D)) + P₀, where C is a run's
/// total FLOPs, C_D the cost of training on the whole pool, P̄ the full-data score and P₀ the score
/// the curve starts from. The one place the formula and its derivatives are written.
/// </summary>
public static class UtilityCurve
{
    public static double Value(double flops, double p0, double lambda, double fullDataScore, double fullDataFlops) =>
        fullDataScore - (fullDataScore - p0) * Math.Exp(-lambda * flops / fullDataFlops);

    /// <summary>∂P/∂P₀ and ∂P/∂λ at C: exp(−λx) and (P̄ − P₀)·x·exp(−λx), with x = C/C_D.</summary>
    public static (double DP0, double DLambda) Gradient(double flops, double p0, double lambda, double fullDataScore, double fullDataFlops)
    {
        double x = flops / fullDataFlops;
        double decay = Math.Exp(-lambda * x);
        return (decay, (fullDataScore - p0) * x * decay);
    }
}
