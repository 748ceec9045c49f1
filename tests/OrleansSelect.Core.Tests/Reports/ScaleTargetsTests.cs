using OrleansSelect.Core.Reports;

namespace OrleansSelect.Core.Tests.Reports;

public class ScaleTargetsTests
{
    private static ScaleMeasurement At(int size, double bm25Seconds, double ingestSeconds, long peakMiB, long shardBytes = 400) =>
        new(size, size / 2000, ingestSeconds, peakMiB << 20, 50L << 20,
        [
            new ScaleMethodFigures("bm25", bm25Seconds, 0.01, 10_000, 20, shardBytes * 5, 5),
            new ScaleMethodFigures("perplexity", bm25Seconds * 100, 0.02, 12_000, 20, (shardBytes + 20) * 5, 5),
        ]);

    [Fact]
    public void Linear_scaling_meets_every_target_and_the_ratios_are_the_measured_ones()
    {
        var checks = ScaleTargets.Check([At(1_000_000, 11.0, 40.0, 600), At(10_000, 0.1, 0.5, 500)]);

        Assert.All(checks, c => Assert.True(c.Met, c.Target));
        Assert.Equal("1.10", checks.Single(c => c.Target.StartsWith("bm25: time per example")).Measured);
        Assert.Equal("1.20", checks.Single(c => c.Target.StartsWith("peak resident memory")).Measured);
        Assert.Equal("40.0 s", checks.Single(c => c.Target.StartsWith("ingest")).Measured);
        Assert.Equal("1.00", checks.Single(c => c.Target.StartsWith("bm25: grain-state bytes per shard write")).Measured);
        // Perplexity's writes are longer than BM25's at both sizes: not a growth, and not compared.
        Assert.Equal("1.00", checks.Single(c => c.Target.StartsWith("perplexity: grain-state bytes per shard write")).Measured);
    }

    [Fact]
    public void Growth_beyond_a_target_is_reported_as_missed()
    {
        var checks = ScaleTargets.Check([At(10_000, 0.1, 0.5, 500), At(100_000, 2.0, 9.0, 900, shardBytes: 4000)]);

        Assert.False(checks.Single(c => c.Target.StartsWith("bm25: time per example")).Met);   // 2.00
        Assert.False(checks.Single(c => c.Target.StartsWith("peak resident memory")).Met);     // 1.80
        Assert.False(checks.Single(c => c.Target.StartsWith("bm25: grain-state bytes per shard write, 100,000")).Met);
        // 9 s for 100k projects to 90 s for a million.
        var ingest = checks.Single(c => c.Target.StartsWith("ingest"));
        Assert.False(ingest.Met);
        Assert.StartsWith("90.0 s (projected", ingest.Measured);
    }

    [Fact]
    public void A_single_size_has_no_ratios_and_the_line_round_trips()
    {
        var one = At(200, 0.001, 0.2, 300);

        Assert.DoesNotContain(ScaleTargets.Check([one]), c => c.Target.Contains('÷'));
        var parsed = ScaleMeasurement.FromOutput(["progress: ingesting", one.ToLine(), "done"]);
        Assert.NotNull(parsed);
        Assert.Equal(one.Size, parsed.Size);
        Assert.Equal(one.Methods, parsed.Methods);
        Assert.Equal(5.0, one.MicrosecondsPerExample(one.Methods[0]));
        Assert.Null(ScaleMeasurement.FromOutput(["error: something"]));
    }
}
