using OrleansSelect.Cli.Console;

namespace OrleansSelect.Cluster.Tests;

/// <summary>`bench select` through the real command line, on a pool the test makes.</summary>
[Collection(CliCollection.Name)]
public class CliBenchSelectTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Each_method_gets_a_row_with_its_throughput_and_cost()
    {
        var (poolPath, targetDirectory) = TestData.Write(_cli.Folder.Path);

        var (exit, output) = await _cli.RunAsync("bench", "select", "--target", targetDirectory, "--pool", poolPath,
            "--methods", "random,bm25", "--size", "test", "--fraction", "0.1");

        Assert.Equal(0, exit);
        Assert.Contains("pool: 300 examples", output);
        var bm25 = output.Split('\n').Single(l => l.Contains(" bm25 "));
        Assert.Matches(@"\d+(\.\d+)?e\+\d+", bm25); // BM25 costs something, printed as FLOPs
        Assert.Single(output.Split('\n'), l => l.Contains(" random "));
        // Nothing of the benchmark stays behind in the user's state folder.
        Assert.False(Directory.Exists(_cli.Folder.File("state")) && Directory.EnumerateFileSystemEntries(_cli.Folder.File("state")).Any());
    }

    [Fact]
    public async Task An_unknown_method_or_a_missing_pool_is_one_sentence()
    {
        var (poolPath, targetDirectory) = TestData.Write(_cli.Folder.Path);

        var unknown = await _cli.RunAsync("bench", "select", "--target", targetDirectory, "--pool", poolPath, "--methods", "magic", "--size", "test");
        Assert.Equal(CommandRunner.UserError, unknown.Exit);
        Assert.Contains("unknown method 'magic'", unknown.Output);

        var missing = await _cli.RunAsync("bench", "select", "--target", targetDirectory, "--pool", _cli.Folder.File("nope.jsonl"), "--size", "test");
        Assert.Equal(CommandRunner.UserError, missing.Exit);
        Assert.Contains("nope.jsonl does not exist", missing.Output);
    }

    public void Dispose() => _cli.Dispose();
}
