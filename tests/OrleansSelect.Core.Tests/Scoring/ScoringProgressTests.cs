using OrleansSelect.Core.Scoring;

namespace OrleansSelect.Core.Tests.Scoring;

public class ScoringProgressTests
{
    [Fact]
    public void PerExampleWorkReportsItsShareOfTheEstimateEveryFewExamplesAndAtTheEnd()
    {
        var reports = new List<double>();
        var progress = new ScoringProgress(new Recorder(reports), estimatedFlops: 3000, examples: 3000);
        for (var done = 1; done <= 3000; done++)
            progress.ExamplesDone(done);
        Assert.Equal([1024.0, 2048.0, 3000.0], reports);
    }

    [Fact]
    public void ReportedFlopsNeverPassTheReservation()
    {
        var reports = new List<double>();
        new ScoringProgress(new Recorder(reports), estimatedFlops: 100, examples: 1).FlopsDone(150);
        Assert.Equal([100.0], reports);
    }

    [Fact]
    public void Bm25ReportsItsWholeEstimateWhenDone()
    {
        var pool = TestPools.Pool(2500, seed: 1);
        var target = TestPools.Target("the cat sat");
        ISelectionMethod bm25 = new Bm25Scorer();
        var global = bm25.MergeStatistics([bm25.CollectStatistics(pool, target, CancellationToken.None)]);
        var reports = new List<double>();
        bm25.Score(new ShardScoringInput(pool, target, null, global, 1, EstimatedFlops: 5000), new Recorder(reports), CancellationToken.None);
        Assert.Equal(3, reports.Count);
        Assert.Equal(5000, reports[^1]);
    }

    private sealed class Recorder(List<double> reports) : IProgress<double>
    {
        public void Report(double value) => reports.Add(value);
    }
}
