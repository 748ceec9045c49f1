using OrleansSelect.Cli.Console;

namespace OrleansSelect.Cluster.Tests;

/// <summary>`fit` through the real command line: bad input gets one clear sentence and exit code 2; good input writes fits and plots.</summary>
[Collection(CliCollection.Name)]
public class CliFitTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Bad_fit_input_gets_one_clear_error_each()
    {
        var missing = await _cli.RunAsync("fit", "--results", _cli.Folder.File("nope.csv"));
        Assert.Equal(CommandRunner.UserError, missing.Exit);
        Assert.Contains("nope.csv does not exist", missing.Output);

        var shortTable = _cli.Folder.File("short.csv");
        File.WriteAllText(shortTable, "target,method,fraction\nyelp,bm25,0.1\n");
        var columns = await _cli.RunAsync("fit", "--results", shortTable);
        Assert.Equal(CommandRunner.UserError, columns.Exit);
        Assert.Contains("lacks the column(s) selector_size", columns.Output);

        var published = _cli.Folder.File("published.csv");
        File.WriteAllText(published, "method,flops,score\nbm25,1e17,0.45\nbm25,1e18,0.48\nbm25,2e18,0.49\n");
        var noCd = await _cli.RunAsync("fit", "--results", published, "--p-bar", "0.5");
        Assert.Equal(CommandRunner.UserError, noCd.Exit);
        Assert.Contains("needs --c-d", noCd.Output);

        var negative = await _cli.RunAsync("fit", "--results", published, "--c-d", "-1", "--p-bar", "0.5");
        Assert.Equal(CommandRunner.UserError, negative.Exit);
        Assert.Contains("--c-d must be a positive number of FLOPs, got -1", negative.Output);

        var tooFew = _cli.Folder.File("one.csv");
        File.WriteAllText(tooFew, "method,flops,score\nbm25,1e17,0.45\n");
        var single = await _cli.RunAsync("fit", "--results", tooFew, "--c-d", "4.6e18", "--p-bar", "0.5");
        Assert.Equal(CommandRunner.UserError, single.Exit);
        Assert.Contains("1 point(s) with a score cannot fit 2 parameters", single.Output);
        Assert.Contains("No curve could be fitted", single.Output);
        Assert.DoesNotContain("   at ", single.Output); // no stack trace
    }

    [Fact]
    public async Task Published_points_are_fitted_written_as_json_and_plotted()
    {
        var published = _cli.Folder.File("published.csv");
        File.WriteAllText(published, "method,flops,score\nbm25,4.6e16,0.452\nbm25,2.3e17,0.468\nbm25,4.6e17,0.475\nbm25,1.4e18,0.49\n");
        var fits = _cli.Folder.File("out/fits.json");
        var plots = _cli.Folder.File("plots");

        var (exit, output) = await _cli.RunAsync("fit", "--results", published, "--c-d", "4.59e18", "--p-bar", "0.51", "--out", fits, "--plot", plots);

        Assert.Equal(0, exit);
        Assert.Contains("0.454", output); // P₀ of this point set
        Assert.Contains("\"method\": \"bm25\"", File.ReadAllText(fits));
        Assert.True(new FileInfo(Path.Combine(plots, "fits.png")).Length > 10_000);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(plots, "fits.svg")));
    }

    public void Dispose() => _cli.Dispose();
}
