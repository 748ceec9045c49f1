using OrleansSelect.Abstractions;
using OrleansSelect.Cli.Console;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;

namespace OrleansSelect.Cluster.Tests;

/// <summary>`select --out` through the real command line on the embedded silo.</summary>
[Collection(CliCollection.Name)]
public class CliSelectOutTests : IDisposable
{
    private readonly CliHarness _cli = new();

    private Task<(int Exit, string Output)> Run(params string[] args) => _cli.RunAsync(args);

    [Fact]
    public async Task Select_writes_its_examples_and_a_finished_selection_is_written_again_by_its_id()
    {
        var (poolPath, targetDirectory) = TestData.Write(_cli.Folder.Path);
        Assert.Equal(0, (await Run("ingest", "--pool", poolPath, "--name", "toy", "--shard-tokens", "2400")).Exit);
        Assert.Equal(0, (await Run("budget", "create", "--name", "b", "--flops", "1e12")).Exit);

        var parquet = _cli.Folder.File("picked.parquet");
        var select = await Run("select", "--pool", "toy", "--target", targetDirectory, "--method", "bm25", "--fraction", "0.2",
            "--budget", "b", "--size", "test", "--id", "sel", "--out", parquet);
        Assert.True(select.Exit == 0, select.Output);
        Assert.Contains("wrote 60 examples in training order", select.Output);

        var jsonl = _cli.Folder.File("picked.jsonl");
        var again = await Run("select", "--id", "sel", "--out", jsonl);
        Assert.True(again.Exit == 0, again.Output);
        Assert.Contains("wrote 60 examples in training order", again.Output);

        await using var silo = await EmbeddedSilo.StartAsync(_cli.Folder.File("state"), new SiloComputeOptions());
        var manifest = (await silo.Grains.GetGrain<ISelectionGrain>("sel").GetManifest())!;
        SelectionFiles.AssertMatches(await silo.Grains.SelectedOf(manifest), poolPath, SelectionFiles.ReadJsonl(jsonl));
        SelectionFiles.AssertMatches(await silo.Grains.SelectedOf(manifest), poolPath, (await SelectionFiles.ReadParquet(parquet)).Rows);
        // Writing charged nothing: the budget holds the selection's scoring alone.
        var status = await silo.Grains.GetGrain<IBudgetGrain>("b").GetStatus();
        Assert.Equal(manifest.SelectionFlops, status.SpentFlops);
    }

    [Fact]
    public async Task An_out_path_that_cannot_be_written_is_refused_in_one_sentence_before_anything_is_reserved()
    {
        var (poolPath, targetDirectory) = TestData.Write(_cli.Folder.Path);
        Assert.Equal(0, (await Run("ingest", "--pool", poolPath, "--name", "toy", "--shard-tokens", "2400")).Exit);
        Assert.Equal(0, (await Run("budget", "create", "--name", "b", "--flops", "1e12")).Exit);
        Directory.CreateDirectory(_cli.Folder.File("a-folder.jsonl"));

        (string Path, string Reason)[] bad =
        [
            (_cli.Folder.File("missing/picked.jsonl"), "does not exist"),
            (_cli.Folder.File("a-folder.jsonl"), "is a folder"),
            (_cli.Folder.File("picked.csv"), "must end in .jsonl or .parquet"),
        ];
        foreach (var (path, reason) in bad)
        {
            var refused = await Run("select", "--pool", "toy", "--target", targetDirectory, "--method", "bm25", "--fraction", "0.2",
                "--budget", "b", "--size", "test", "--id", "sel", "--out", path);
            Assert.Equal(CommandRunner.UserError, refused.Exit);
            Assert.Contains($"--out '{path}'", refused.Output);
            Assert.Contains(reason, refused.Output);
            Assert.DoesNotContain("   at ", refused.Output); // one sentence, no stack trace
        }

        await using var silo = await EmbeddedSilo.StartAsync(_cli.Folder.File("state"), new SiloComputeOptions());
        var status = await silo.Grains.GetGrain<IBudgetGrain>("b").GetStatus();
        Assert.Equal((0.0, 0.0, 0), (status.ReservedFlops, status.SpentFlops, status.OpenReservations));
        Assert.Null(await silo.Grains.GetGrain<ISelectionGrain>("sel").GetManifest()); // nothing was scored
        Assert.False(Directory.Exists(_cli.Folder.File("missing")));
    }

    public void Dispose() => _cli.Dispose();
}
