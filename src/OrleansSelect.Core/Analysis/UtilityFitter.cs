using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace OrleansSelect.Core.Analysis;

/// <summary>
/// Fits the paper's utility curve to (total FLOPs, score) points by bounded Levenberg–Marquardt:
/// P̄ and C_D are fixed, P₀ ≥ 0 and λ ≥ 0 are free. The fit starts from several λ (the curve's rate
/// is unknown by orders of magnitude) and keeps the converged start with the least squared error.
/// A P₀ above P̄ (scores that fall as compute grows) is reported as a failure, since the curve is
/// bounded to rise from P₀ to P̄.
/// </summary>
public static class UtilityFitter
{
    public const int Parameters = 2;

    private static readonly double[] LambdaStarts = [0.1, 1, 10, 100];

    public static FitOutcome Fit(FitKey key, IReadOnlyList<FitPoint> points, double fullDataScore, double fullDataFlops,
        double selectionFlopsPerPoolToken = double.NaN)
    {
        if (!double.IsFinite(fullDataScore) || fullDataScore <= 0)
            throw new UserInputException($"The full-data score P̄ must be a positive number, got {fullDataScore}.");
        if (!double.IsFinite(fullDataFlops) || fullDataFlops <= 0)
            throw new UserInputException($"The full-data training cost C_D must be a positive number of FLOPs, got {fullDataFlops}.");

        var usable = points.Where(p => double.IsFinite(p.Score) && double.IsFinite(p.Flops) && p.Flops >= 0).ToArray();
        if (usable.Length < Parameters)
            return new FitFailed(key, usable.Length,
                $"{usable.Length} point(s) with a score cannot fit {Parameters} parameters (P₀ and λ); run at least {Parameters} fractions.");

        var x = Vector<double>.Build.Dense(usable.Select(p => p.Flops / fullDataFlops).ToArray());
        var y = Vector<double>.Build.Dense(usable.Select(p => p.Score).ToArray());
        // A fresh model per start: a result reads its point and values from the model it was fitted with.
        IObjectiveModel NewModel() => ObjectiveFunction.NonlinearModel(
            (p, xs) => xs.Map(xi => UtilityCurve.Value(xi, p[0], p[1], fullDataScore, 1.0)),
            (p, xs) => Jacobian(p, xs, fullDataScore),
            x, y);

        // Start P₀ inside the box: the bound's transform has no slope exactly at 0.
        double p0Start = Math.Clamp(y.Minimum(), 0.01 * fullDataScore, 0.99 * fullDataScore);
        NonlinearMinimizationResult? best = null;
        ExitCondition lastExit = ExitCondition.None;
        foreach (var lambdaStart in LambdaStarts)
        {
            var result = new LevenbergMarquardtMinimizer(maximumIterations: 1000)
                .FindMinimum(NewModel(), [p0Start, lambdaStart], lowerBound: [0.0, 0.0]);
            lastExit = result.ReasonForExit;
            if (Converged(result.ReasonForExit) && (best is null || Rss(result, y) < Rss(best, y)))
                best = result;
        }
        if (best is null)
            return new FitFailed(key, usable.Length, $"the fit did not converge from any of {LambdaStarts.Length} starting rates (last stop: {lastExit}).");

        double p0 = best.MinimizingPoint[0], lambda = best.MinimizingPoint[1];
        if (p0 > fullDataScore * (1 + 1e-9))
            return new FitFailed(key, usable.Length,
                $"the runs score above the full-data score at low compute (P₀ would be {p0:G4} > P̄ = {fullDataScore:G4}), so a curve rising to P̄ does not fit.");

        var covariance = best.Covariance;
        bool hasErrors = covariance is not null && usable.Length > Parameters;
        double rss = Rss(best, y);
        double mean = y.Average();
        double tss = y.Sum(v => (v - mean) * (v - mean));
        return new FitSucceeded(new UtilityFit(key, fullDataScore, fullDataFlops, p0, lambda,
            hasErrors ? Math.Sqrt(covariance![0, 0]) : double.NaN,
            hasErrors ? Math.Sqrt(covariance![1, 1]) : double.NaN,
            hasErrors ? covariance![0, 1] : double.NaN,
            tss > 0 ? 1 - rss / tss : double.NaN,
            usable.Length, usable.Min(p => p.Flops), usable.Max(p => p.Flops), selectionFlopsPerPoolToken));
    }

    private static Matrix<double> Jacobian(Vector<double> p, Vector<double> xs, double fullDataScore)
    {
        var jacobian = Matrix<double>.Build.Dense(xs.Count, Parameters);
        for (int i = 0; i < xs.Count; i++)
        {
            var (dp0, dl) = UtilityCurve.Gradient(xs[i], p[0], p[1], fullDataScore, 1.0);
            jacobian[i, 0] = dp0;
            jacobian[i, 1] = dl;
        }
        return jacobian;
    }

    private static bool Converged(ExitCondition exit) =>
        exit is ExitCondition.Converged or ExitCondition.RelativeGradient or ExitCondition.RelativePoints
            or ExitCondition.AbsoluteGradient;

    private static double Rss(NonlinearMinimizationResult result, Vector<double> y) =>
        (y - result.MinimizedValues).DotProduct(y - result.MinimizedValues);
}
