using OrleansSelect.Core.Analysis;

namespace OrleansSelect.Core.Tests.Analysis;

public class BreakEvenTests
{
    // bm25 is the same curve at every ratio. Perplexity's curve improves with the ratio: its
    // selection cost shrinks next to training, which the hand-made P₀ stands in for.
    private static readonly UtilityFit Bm25 = Runs.Fit("bm25", p0: 0.6, lambda: 2, minFlops: 1e13);

    private static UtilityFit Perplexity(double p0, double pBar = 0.8) =>
        Runs.Fit("perplexity", p0, lambda: 2, minFlops: 1e13, selector: "nano", pBar: pBar);

    [Fact]
    public void The_ratio_where_the_method_joins_the_frontier_is_interpolated_in_log_ratio()
    {
        // Against bm25 (0.8 − 0.2·e, e = exp(−2C/C_D)): at 4x perplexity is 0.78 − 0.28·e, behind by
        // 0.02 + 0.08·e, so A(4) ≈ −0.02 at the largest budget; at 16x it is 0.82 − 0.2·e, ahead by 0.02 everywhere.
        RatioFit[] table =
        [
            new(1, Bm25), new(1, Perplexity(0.4, pBar: 0.7)),
            new(4, Bm25), new(4, Perplexity(0.5, pBar: 0.78)),
            new(16, Bm25), new(16, Perplexity(0.62, pBar: 0.82)),
        ];

        var ratio = BreakEven.Ratio(table, "perplexity");

        // Halfway between −0.02 and +0.02, halfway between 4 and 16 in log: 8.
        Assert.NotNull(ratio);
        Assert.Equal(8, ratio.Value, 1e-6);
    }

    [Fact]
    public void A_method_that_never_wins_has_no_break_even()
    {
        RatioFit[] table = [new(1, Bm25), new(1, Perplexity(0.5)), new(10, Bm25), new(10, Perplexity(0.55))];

        Assert.Null(BreakEven.Ratio(table, "perplexity"));
    }

    [Fact]
    public void The_table_places_selector_fits_at_their_ratio_and_selectorless_fits_at_each()
    {
        var parameters = new Dictionary<string, double> { ["nano"] = 1e5, ["micro"] = 8e5, ["large"] = 1.6e7 };
        var nano = Runs.Fit("perplexity", 0.6, 2, 1e13, selector: "nano", trainingSize: "large");
        var micro = Runs.Fit("perplexity", 0.6, 2, 1e13, selector: "micro", trainingSize: "large");
        var bm25 = Runs.Fit("bm25", 0.6, 2, 1e13, trainingSize: "large");

        var table = BreakEven.Table([nano, micro, bm25], size => parameters[size]);

        Assert.Equal(
            [(160.0, "perplexity"), (20.0, "perplexity"), (160.0, "bm25"), (20.0, "bm25")],
            table.Select(t => (t.Ratio, t.Fit.Key.Method)).ToArray());
    }
}
