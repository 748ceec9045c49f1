using OrleansSelect.Core.Analysis;

namespace OrleansSelect.Core.Tests.Analysis;

/// <summary>
/// A textbook Levenberg–Marquardt (Marquardt's diagonal damping, unbounded) for the two-parameter
/// utility curve, written independently of the library the fitter uses, to check it against.
/// </summary>
public static class TextbookLevenbergMarquardt
{
    public static (double P0, double Lambda, double P0Error, double LambdaError) Fit(
        IReadOnlyList<FitPoint> points, double pBar, double cD, double p0, double lambda)
    {
        double damping = 1e-3;
        double rss = Rss(points, pBar, cD, p0, lambda);
        for (int iteration = 0; iteration < 10_000; iteration++)
        {
            var (a, b, c, g0, g1) = NormalEquations(points, pBar, cD, p0, lambda);
            // (JᵀJ + μ·diag(JᵀJ)) δ = Jᵀr, solved by Cramer's rule.
            double a11 = a * (1 + damping), a22 = c * (1 + damping);
            double det = a11 * a22 - b * b;
            double d0 = (g0 * a22 - b * g1) / det, d1 = (a11 * g1 - b * g0) / det;
            double trial = Rss(points, pBar, cD, p0 + d0, lambda + d1);
            if (trial < rss)
            {
                bool small = Math.Abs(d0) <= 1e-15 * (Math.Abs(p0) + 1e-15) && Math.Abs(d1) <= 1e-15 * (Math.Abs(lambda) + 1e-15);
                p0 += d0; lambda += d1;
                double improvement = rss - trial;
                rss = trial;
                damping = Math.Max(damping / 10, 1e-12);
                if (small || improvement <= 1e-30) break;
            }
            else
            {
                damping *= 10;
                if (damping > 1e12) break;
            }
        }
        var (fa, fb, fc, _, _) = NormalEquations(points, pBar, cD, p0, lambda);
        double variance = rss / (points.Count - 2);
        double determinant = fa * fc - fb * fb;
        return (p0, lambda, Math.Sqrt(fc / determinant * variance), Math.Sqrt(fa / determinant * variance));
    }

    private static (double A, double B, double C, double G0, double G1) NormalEquations(
        IReadOnlyList<FitPoint> points, double pBar, double cD, double p0, double lambda)
    {
        double a = 0, b = 0, c = 0, g0 = 0, g1 = 0;
        foreach (var p in points)
        {
            double x = p.Flops / cD, e = Math.Exp(-lambda * x);
            double model = pBar - (pBar - p0) * e;
            double j0 = e, j1 = (pBar - p0) * x * e, r = p.Score - model;
            a += j0 * j0; b += j0 * j1; c += j1 * j1;
            g0 += j0 * r; g1 += j1 * r;
        }
        return (a, b, c, g0, g1);
    }

    private static double Rss(IReadOnlyList<FitPoint> points, double pBar, double cD, double p0, double lambda) =>
        points.Sum(p => Math.Pow(p.Score - (pBar - (pBar - p0) * Math.Exp(-lambda * p.Flops / cD)), 2));
}
