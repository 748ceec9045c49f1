using OrleansSelect.Core.Sweeps;

namespace OrleansSelect.Core.Tests.Sweeps;

public class SweepGridTests
{
    private static SweepSpec Spec() => new()
    {
        Name = "s",
        Pool = "p",
        Targets = ["/data/yelp", "/data/amazon"],
        Methods = new Dictionary<string, IReadOnlyList<string>> { ["bm25"] = [], ["perplexity"] = ["nano", "micro"] },
        TrainingSizes = ["micro", "small"],
        Fractions = [0.01, 0.1],
        Seeds = [1, 2],
        BudgetPerRun = 1e12,
    };

    [Fact]
    public void Every_combination_is_one_run_with_its_own_key_and_index()
    {
        var grid = new SweepGrid(Spec());
        var runs = grid.All().ToArray();

        // 2 targets × (bm25 + perplexity with 2 selectors) × 2 sizes × 2 fractions × 2 seeds.
        Assert.Equal(48, grid.Count);
        Assert.Equal(48, runs.Length);
        Assert.Equal(48, runs.Select(r => r.Key).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 48).Select(i => (long)i), runs.Select(r => r.Index));
        Assert.Equal(16, runs.Count(r => r.Method == "bm25"));
        Assert.All(runs.Where(r => r.Method == "bm25"), r => Assert.Equal("", r.Selector));
        Assert.Equal(16, runs.Count(r => r.Selector == "micro"));
        Assert.Equal(runs.Length, runs.Select(r => (r.Target, r.Method, r.Selector, r.TrainingSize, r.Fraction, r.Seed)).Distinct().Count());
        Assert.All(runs, r => Assert.Null(r.Tokens));
    }

    [Fact]
    public void A_run_is_found_at_the_same_index_with_the_same_key_every_time()
    {
        var first = new SweepGrid(Spec()).At(37);
        var again = new SweepGrid(Spec()).At(37);

        Assert.Equal(first, again);
        Assert.Equal("sweep/s/amazon/bm25/micro/f0.01/s2", new SweepGrid(Spec()).At(25).Key);
        Assert.Equal("sweep/s/yelp/perplexity-nano/small/f0.1/s1", new SweepGrid(Spec()).At(14).Key);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SweepGrid(Spec()).At(48));
    }

    [Fact]
    public void Token_budgets_take_the_place_of_fractions_in_the_grid_and_the_keys()
    {
        var grid = new SweepGrid(Spec() with { Fractions = [], Tokens = [1e5, 3e5, 1e6] });

        Assert.Equal(72, grid.Count); // as above with 3 token budgets in place of 2 fractions
        Assert.Equal("sweep/s/yelp/bm25/micro/t100000/s1", grid.At(0).Key);
        Assert.Equal("sweep/s/yelp/bm25/micro/t300000/s2", grid.At(3).Key);
        Assert.Equal((null, 1_000_000L), (grid.At(5).Fraction, grid.At(5).Tokens));
        Assert.Equal(72, grid.All().Select(r => r.Key).Distinct().Count());
    }

    [Fact]
    public void A_total_budget_is_split_evenly_over_the_runs()
    {
        var spec = Spec() with { BudgetPerRun = null, TotalBudget = 4.8e13 };
        Assert.Equal(1e12, spec.RunBudget((int)new SweepGrid(spec).Count), precision: 3);
    }
}
