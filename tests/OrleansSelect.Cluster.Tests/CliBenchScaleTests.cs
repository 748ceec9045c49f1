using System.Globalization;
using OrleansSelect.Cli.Console;
using OrleansSelect.Core;
using OrleansSelect.Models.Pretraining;
using Xunit.Abstractions;

namespace OrleansSelect.Cluster.Tests;

/// <summary>`bench scale` through the real command line, each size in a process of its own, on a pool the test makes.</summary>
[Collection(CliCollection.Name)]
public class CliBenchScaleTests(ITestOutputHelper log) : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Each_size_gets_a_row_of_positive_figures_and_the_targets_are_checked()
    {
        var (poolPath, targetDirectory) = TestData.Write(_cli.Folder.Path);

        var (exit, output) = await _cli.RunAsync("bench", "scale", "--sizes", "400,200", "--methods", "bm25",
            "--target", targetDirectory, "--pool", poolPath, "--size", "test", "--shard-tokens", "2400");

        log.WriteLine(output);
        Assert.True(exit == 0, output);
        var rows = output.Split('\n').Select(Cells).Where(c => c.Length == 11 && c[1] == "bm25").ToList();
        Assert.Equal(["200", "400"], rows.Select(r => r[0])); // smallest first, whatever the order given
        Assert.Equal(["2", "4"], rows.Select(r => r[2]));     // shards of 100 examples
        foreach (var row in rows)
        {
            // ingest s, µs/example, merge ms, peak RSS, live heap, state bytes, state writes, bytes per shard write
            foreach (var cell in row[3..])
                Assert.True(Number(cell) > 0, $"'{cell}' in row {string.Join(" | ", row)}");
            Assert.True(Number(row[6]) > Number(row[7]), "the peak resident memory is less than the live managed heap");
        }
        // Each shard wrote its state at least once for the selection, whatever the size.
        Assert.True(Number(rows[1][9]) >= 4);
        Assert.Contains(output.Split('\n'), l => l.Contains("bm25: time per example, 400 ÷ 200"));
        Assert.Contains(output.Split('\n'), l => l.Contains("peak resident memory, 400 ÷ 200"));
        Assert.Contains(output.Split('\n'), l => l.Contains("ingest of 1,000,000 examples"));
        // Nothing of the benchmark stays behind in the user's state folder.
        Assert.False(Directory.Exists(_cli.Folder.File("state")) && Directory.EnumerateFileSystemEntries(_cli.Folder.File("state")).Any());
    }

    [Fact]
    public async Task A_bad_size_an_unknown_method_or_a_missing_pool_is_one_sentence()
    {
        var (poolPath, targetDirectory) = TestData.Write(_cli.Folder.Path);

        var zero = await _cli.RunAsync("bench", "scale", "--sizes", "200,0", "--methods", "bm25", "--target", targetDirectory, "--pool", poolPath);
        Assert.Equal(CommandRunner.UserError, zero.Exit);
        Assert.Contains("'0' is not one", zero.Output);

        var words = await _cli.RunAsync("bench", "scale", "--sizes", "many", "--methods", "bm25", "--target", targetDirectory, "--pool", poolPath);
        Assert.Equal(CommandRunner.UserError, words.Exit);
        Assert.Contains("'many' is not one", words.Output);

        var unknown = await _cli.RunAsync("bench", "scale", "--sizes", "200", "--methods", "magic", "--target", targetDirectory, "--pool", poolPath);
        Assert.Equal(CommandRunner.UserError, unknown.Exit);
        Assert.Contains("unknown method 'magic'", unknown.Output);

        var missing = await _cli.RunAsync("bench", "scale", "--sizes", "200", "--methods", "bm25", "--target", targetDirectory, "--pool", _cli.Folder.File("nope.jsonl"));
        Assert.Equal(CommandRunner.UserError, missing.Exit);
        Assert.Contains("nope.jsonl does not exist", missing.Output);

        // Perplexity with a selector that has no pretrained base is not measured, and says how to pretrain it;
        // with nothing else to measure that is the command's one sentence.
        if (Pretrainer.Find(AppPaths.DefaultModelDirectory, "large") is null)
        {
            var noBase = await _cli.RunAsync("bench", "scale", "--sizes", "200", "--methods", "perplexity", "--selector", "large",
                "--target", targetDirectory, "--pool", poolPath);
            Assert.Equal(CommandRunner.UserError, noBase.Exit);
            Assert.Contains("perplexity is not measured: selector size 'large' has no pretrained base; run `orleansselect model pretrain --size large` first", noBase.Output);
            Assert.Single(noBase.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        foreach (var output in new[] { zero.Output, words.Output, unknown.Output, missing.Output })
        {
            Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.DoesNotContain("   at ", output); // no stack trace
        }
    }

    private static string[] Cells(string line) =>
        line.Contains('│') ? line.Split('│').Select(c => c.Trim()).Where(c => c.Length > 0).ToArray() : [];

    private static double Number(string cell) => double.Parse(cell, NumberStyles.Number, CultureInfo.InvariantCulture);

    public void Dispose() => _cli.Dispose();
}
