using OrleansSelect.Core.Reports;

namespace OrleansSelect.Core.Tests.Reports;

public class DemoVerdictTests
{
    private static RunReport Run(string method, double accuracy) =>
        new($"r-{method}", "yelp", method, "micro", "top 1 tokens", 100, 10, 1000, 0.1, 1e13, 1e9, 1e12, 1e10, accuracy, 1.7, 2.0, 10, 5, 1e12);

    [Fact]
    public void Names_the_best_method_and_its_margin_over_random_in_points()
    {
        var line = DemoVerdict.Describe([Run("random", 0.5), Run("bm25", 0.685), Run("perplexity", 0.52)]);

        Assert.Equal("bm25 beats random by 18.5 points of accuracy (68.5% against 50.0%) at the same budget.", line);
    }

    [Fact]
    public void Says_so_when_nothing_beats_random_and_says_nothing_without_random()
    {
        Assert.StartsWith("no method beats random here", DemoVerdict.Describe([Run("random", 0.6), Run("bm25", 0.55)]));
        Assert.Null(DemoVerdict.Describe([Run("bm25", 0.55)]));
    }
}
