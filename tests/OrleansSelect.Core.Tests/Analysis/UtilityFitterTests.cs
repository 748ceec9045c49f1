using OrleansSelect.Core.Analysis;

namespace OrleansSelect.Core.Tests.Analysis;

public class UtilityFitterTests
{
    private static readonly FitKey Key = new("yelp", "small", "bm25", "");

    private static FitPoint[] Noisy(double pBar, double cD, double p0, double lambda, int count, double noise, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            double flops = cD * 0.02 * Math.Pow(100, i / (count - 1.0)); // 0.02·C_D .. 2·C_D
            double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return new FitPoint(flops, UtilityCurve.Value(flops, p0, lambda, pBar, cD) + noise * gaussian);
        }).ToArray();
    }

    [Fact]
    public void Recovers_known_parameters_from_noisy_points()
    {
        var points = Noisy(pBar: 0.8, cD: 4e15, p0: 0.3, lambda: 3, count: 30, noise: 0.005, seed: 7);

        var fit = Assert.IsType<FitSucceeded>(UtilityFitter.Fit(Key, points, 0.8, 4e15)).Fit;

        Assert.InRange(fit.P0, 0.28, 0.32);
        Assert.InRange(fit.Lambda, 2.7, 3.3);
        Assert.InRange(Math.Abs(fit.P0 - 0.3), 0, 4 * fit.P0StandardError);
        Assert.InRange(Math.Abs(fit.Lambda - 3), 0, 4 * fit.LambdaStandardError);
        Assert.InRange(fit.RSquared, 0.99, 1);
        Assert.Equal(30, fit.Points);
        Assert.Equal(points.Min(p => p.Flops), fit.MinFlops);
    }

    [Fact]
    public void Agrees_with_a_textbook_levenberg_marquardt_on_a_fixed_point_set()
    {
        FitPoint[] points =
        [
            new(1e14, 0.412), new(2e14, 0.455), new(5e14, 0.561), new(1e15, 0.640),
            new(2e15, 0.721), new(4e15, 0.768), new(8e15, 0.779), new(1.6e16, 0.801),
        ];
        const double pBar = 0.8, cD = 4e15;

        var fit = Assert.IsType<FitSucceeded>(UtilityFitter.Fit(Key, points, pBar, cD)).Fit;
        var reference = TextbookLevenbergMarquardt.Fit(points, pBar, cD, p0: 0.4, lambda: 1);

        Assert.Equal(reference.P0, fit.P0, 1e-6 * reference.P0);
        Assert.Equal(reference.Lambda, fit.Lambda, 1e-6 * reference.Lambda);
        Assert.Equal(reference.P0Error, fit.P0StandardError, 1e-4 * reference.P0Error);
        Assert.Equal(reference.LambdaError, fit.LambdaStandardError, 1e-4 * reference.LambdaError);
    }

    [Fact]
    public void Fewer_points_than_parameters_fail_with_one_sentence()
    {
        var outcome = Assert.IsType<FitFailed>(UtilityFitter.Fit(Key, [new FitPoint(1e15, 0.5), new FitPoint(2e15, double.NaN)], 0.8, 4e15));

        Assert.Equal(1, outcome.Points);
        Assert.Contains("1 point(s) with a score cannot fit 2 parameters", outcome.Reason);
    }

    [Fact]
    public void Scores_that_fall_with_compute_are_not_forced_onto_a_rising_curve()
    {
        FitPoint[] falling = [new(1e14, 0.95), new(1e15, 0.9), new(4e15, 0.85), new(8e15, 0.82)];

        var outcome = Assert.IsType<FitFailed>(UtilityFitter.Fit(Key, falling, 0.8, 4e15));

        Assert.Contains("above the full-data score", outcome.Reason);
    }

    [Fact]
    public void A_non_positive_full_data_cost_is_refused()
    {
        var error = Assert.Throws<UserInputException>(() => UtilityFitter.Fit(Key, [new FitPoint(1, 0.5), new FitPoint(2, 0.6)], 0.8, 0));
        Assert.Contains("C_D must be a positive number", error.Message);
    }
}
