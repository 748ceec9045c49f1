using OrleansSelect.Core.Analysis;
using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Tests.Data;

namespace OrleansSelect.Core.Tests.Analysis;

public class SelectionPlannerTests
{
    private static readonly ModelShape Small = ModelCatalog.Get("small");
    private const long PoolTokens = 1_000_000;
    private static readonly double TrainPool = FlopModel.TrainFlops(Small, PoolTokens, Small.ContextLength);

    // Fits as a sweep would leave them, read back from a fits file.
    private static IReadOnlyList<UtilityFit> FitFileFits()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("fits.json");
        FitFile.Write(path,
        [
            new FitSucceeded(Runs.Fit("random", p0: 0.5, lambda: 3, minFlops: 1e12, cD: TrainPool)),
            new FitSucceeded(Runs.Fit("bm25", p0: 0.6, lambda: 3, minFlops: 1e12, cD: TrainPool, selectionPerToken: 1e3)),
            // Perplexity's curve is the best, but it costs 0.2 C_D to select with the micro selector.
            new FitSucceeded(Runs.Fit("perplexity", p0: 0.7, lambda: 3, minFlops: 1e12, selector: "micro", cD: TrainPool,
                selectionPerToken: 0.2 * TrainPool / PoolTokens)),
            new FitFailed(new FitKey("yelp", "small", "gradient", "micro"), 1, "too few points"),
        ]);
        return FitFile.Read(path);
    }

    private static PlanRequest Ask(double budget, string selector = "micro", string size = "small", params string[] methods) =>
        new(budget, "yelp", ModelCatalog.Get(size), selector, PoolTokens, methods);

    [Fact]
    public void A_fits_file_reads_back_its_curves_and_leaves_failures_out()
    {
        var fits = FitFileFits();

        Assert.Equal(["random", "bm25", "perplexity"], fits.Select(f => f.Key.Method).ToArray());
        Assert.Equal(0.2 * TrainPool / PoolTokens, fits[2].SelectionFlopsPerPoolToken, 1e-9);
    }

    [Fact]
    public void A_small_budget_goes_to_the_cheap_method_and_all_of_it_to_training()
    {
        var plans = SelectionPlanner.Plan(Ask(0.1 * TrainPool), FitFileFits());

        var best = plans[0];
        Assert.Equal("bm25", best.Method);
        Assert.Equal(1e9, best.SelectionFlops, 1e-3);
        Assert.Equal((0.1 * TrainPool - 1e9) / TrainPool, best.Fraction, 1e-12);
        Assert.Equal(best.Fit.Predict(best.TotalFlops), best.ExpectedScore);
        Assert.True(best.ScoreStandardError > 0);
        Assert.Equal(["bm25", "random"], plans.Select(p => p.Method).ToArray()); // perplexity cannot even select
    }

    [Fact]
    public void A_large_budget_pays_for_the_expensive_method()
    {
        var plans = SelectionPlanner.Plan(Ask(0.8 * TrainPool), FitFileFits());

        Assert.Equal("perplexity", plans[0].Method);
        Assert.Equal(0.6, plans[0].Fraction, 1e-9);
        Assert.Equal(0.2 * TrainPool, plans[0].SelectionFlops, 1e-3);
        // 0.8 − 0.1·exp(−3·0.8): the curve at the whole budget.
        Assert.Equal(0.8 - 0.1 * Math.Exp(-3 * 0.8), plans[0].ExpectedScore, 1e-4);
    }

    [Fact]
    public void An_uncovered_training_size_or_method_is_refused_naming_the_sweep()
    {
        var fits = FitFileFits();

        var size = Assert.Throws<UserInputException>(() => SelectionPlanner.Plan(Ask(1e15, size: "large"), fits));
        Assert.Contains("No fit covers any method for training size 'large'", size.Message);
        Assert.Contains("run a sweep", size.Message);

        var method = Assert.Throws<UserInputException>(() => SelectionPlanner.Plan(Ask(1e15, methods: "gradient"), fits));
        Assert.Contains("method(s) gradient", method.Message);

        var selector = Assert.Throws<UserInputException>(() => SelectionPlanner.Plan(Ask(1e15, selector: "nano", methods: "perplexity"), fits));
        Assert.Contains("with selector 'nano'", selector.Message);
    }

    [Fact]
    public void A_budget_below_every_selection_cost_is_refused()
    {
        var error = Assert.Throws<UserInputException>(() => SelectionPlanner.Plan(Ask(1e3, methods: "bm25"), FitFileFits()));

        Assert.Contains("does not pay for selecting with any fitted method", error.Message);
    }
}
