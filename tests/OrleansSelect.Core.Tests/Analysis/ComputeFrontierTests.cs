using OrleansSelect.Core.Analysis;

namespace OrleansSelect.Core.Tests.Analysis;

public class ComputeFrontierTests
{
    private static readonly RunResult[] Table =
    [
        Runs.Run("random", 0.01, 1e13, 0.50),
        Runs.Run("bm25", 0.01, 1.1e13, 0.58),
        Runs.Run("perplexity", 0.01, 5e13, 0.55, selector: "micro"),
        Runs.Run("random", 0.1, 1e14, 0.62),
        Runs.Run("bm25", 0.1, 1.01e14, 0.66),
        Runs.Run("perplexity", 0.1, 1.4e14, 0.71, selector: "micro"),
        Runs.Run("random", 1.0, 1e15, 0.70),
    ];

    [Fact]
    public void The_run_frontier_steps_through_runs_that_beat_everything_cheaper()
    {
        var steps = ComputeFrontier.OfRuns(Table);

        Assert.Equal(
            [("random", 1e13), ("bm25", 1.1e13), ("random", 1e14), ("bm25", 1.01e14), ("perplexity", 1.4e14)],
            steps.Select(s => (s.Method, s.TotalFlops)).ToArray());
    }

    [Theory]
    [InlineData(5e12, null, 0)]
    [InlineData(2e13, "bm25", 0.01)]
    [InlineData(1.2e14, "bm25", 0.1)]
    [InlineData(2e15, "perplexity", 0.1)]
    public void The_best_run_within_a_budget(double budget, string? method, double fraction)
    {
        var best = ComputeFrontier.BestRunWithin(Table, budget);

        Assert.Equal(method, best?.Method);
        if (best is not null) Assert.Equal(fraction, best.Fraction);
    }

    [Fact]
    public void The_fitted_frontier_takes_the_best_curve_that_can_run_at_each_budget()
    {
        // bm25 rises fast from a low start; perplexity starts higher but only from 1e14 on.
        var bm25 = Runs.Fit("bm25", p0: 0.5, lambda: 2, minFlops: 1e13);
        var perplexity = Runs.Fit("perplexity", p0: 0.65, lambda: 2, minFlops: 1e14, selector: "micro");

        var frontier = ComputeFrontier.OfFits([bm25, perplexity], [1e12, 5e13, 2e14]);

        Assert.Equal([(5e13, "bm25"), (2e14, "perplexity")], frontier.Select(p => (p.Budget, p.Fit.Key.Method)).ToArray());
        Assert.Equal(perplexity.Predict(2e14), frontier[1].Score);
    }
}
