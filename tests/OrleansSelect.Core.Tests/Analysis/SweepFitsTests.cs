using OrleansSelect.Core.Analysis;

namespace OrleansSelect.Core.Tests.Analysis;

public class SweepFitsTests
{
    [Fact]
    public void Full_data_runs_give_p_bar_and_c_d_and_each_method_gets_a_curve()
    {
        const double cD = 1e15, pBar = 0.8;
        var runs = new List<RunResult> { Runs.Run("random", 1.0, 1.01e15, pBar, trainingFlops: cD) };
        foreach (var (method, p0, lambda) in new[] { ("bm25", 0.55, 4.0), ("random", 0.4, 2.0) })
            foreach (var fraction in new[] { 0.01, 0.03, 0.1, 0.3 })
                runs.Add(Runs.Run(method, fraction, fraction * cD, UtilityCurve.Value(fraction * cD, p0, lambda, pBar, cD), selectionFlops: 2e9));

        var outcomes = SweepFits.FromRuns(runs, new FitSettings());

        var fits = outcomes.Cast<FitSucceeded>().Select(s => s.Fit).ToDictionary(f => f.Key.Method);
        Assert.Equal(0.55, fits["bm25"].P0, 1e-6);
        Assert.Equal(4.0, fits["bm25"].Lambda, 1e-5);
        Assert.Equal(pBar, fits["bm25"].FullDataScore);
        Assert.Equal(cD, fits["bm25"].FullDataFlops);
        Assert.Equal(2e9 / 1_000_000, fits["bm25"].SelectionFlopsPerPoolToken, 1e-9);
        Assert.Equal(5, fits["random"].Points); // the full-data run is one of random's points
    }

    [Fact]
    public void Without_a_full_data_run_or_p_bar_the_fit_says_what_is_missing()
    {
        RunResult[] runs = [Runs.Run("bm25", 0.1, 1e14, 0.6), Runs.Run("bm25", 0.3, 3e14, 0.7)];

        var failed = Assert.IsType<FitFailed>(Assert.Single(SweepFits.FromRuns(runs, new FitSettings())));

        Assert.Contains("pass --p-bar", failed.Reason);
    }

    [Fact]
    public void Published_points_need_c_d_and_p_bar()
    {
        PublishedPoint[] points = [new("bm25", 1e17, 0.45), new("bm25", 1e18, 0.5)];

        var error = Assert.Throws<UserInputException>(() => SweepFits.FromPublishedPoints(points, new FitSettings(FullDataScore: 0.5)));

        Assert.Contains("needs --c-d", error.Message);
    }
}
