using OrleansSelect.Core.Sweeps;

namespace OrleansSelect.Core.Tests.Sweeps;

public class SweepProgressTests
{
    [Fact]
    public void Eta_comes_from_the_pace_of_runs_finished_here_not_of_runs_found_done()
    {
        // 10 runs: 4 done (1 of them finished here in 30 s, 3 found done), 2 running, 4 left.
        var progress = new SweepProgress(Total: 10, Done: 4, Running: 2, Failed: 0, FlopsSpent: 3e12, FinishedHere: 1, Elapsed: TimeSpan.FromSeconds(30));

        Assert.Equal(4, progress.Left);
        Assert.Equal(TimeSpan.FromSeconds(180), progress.Eta);
        Assert.Contains("4/10 done, 2 running, 4 left, 3.00e+12 FLOPs spent, ETA 3m00s", progress.ToString());
    }

    [Fact]
    public void Eta_is_unknown_before_a_run_finishes_and_zero_when_nothing_is_left()
    {
        Assert.Null(new SweepProgress(10, 3, 2, 0, 0, 0, TimeSpan.FromSeconds(5)).Eta);
        Assert.Equal(TimeSpan.Zero, new SweepProgress(10, 9, 0, 1, 0, 0, TimeSpan.FromSeconds(5)).Eta);
        Assert.Equal(0, new SweepProgress(10, 9, 0, 1, 0, 0, TimeSpan.FromSeconds(5)).Left);
    }
}
