using OrleansSelect.Cli.Commands;

namespace OrleansSelect.Cluster.Tests;

public class DemoReportNameTests
{
    [Fact]
    public void Demo_runs_with_other_budgets_sizes_bases_or_seeds_get_reports_of_their_own()
    {
        var names = new[]
        {
            DemoCommand.ReportName("yelp", "nano", "scratch", 2e12, 1),
            DemoCommand.ReportName("yelp", "nano", "scratch", 3e12, 1),
            DemoCommand.ReportName("yelp", "micro", "scratch", 2e12, 1),
            DemoCommand.ReportName("yelp", "nano", "nano-4f2a", 2e12, 1),
            DemoCommand.ReportName("yelp", "nano", "scratch", 2e12, 2),
            DemoCommand.ReportName("amazon", "nano", "scratch", 2e12, 1),
        };
        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.Equal("demo-yelp-nano-scratch-b2e+12-s1", names[0]);
    }
}
