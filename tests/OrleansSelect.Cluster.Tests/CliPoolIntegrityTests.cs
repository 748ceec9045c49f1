using OrleansSelect.Cli.Console;
using OrleansSelect.Core.Data.Jsonl;

namespace OrleansSelect.Cluster.Tests;

/// <summary>
/// Pool files that cannot be trusted, through the real command line: a repeated id is refused at
/// ingest, and a file edited after ingest is refused when a shard reads it, each with one sentence.
/// </summary>
[Collection(CliCollection.Name)]
public class CliPoolIntegrityTests : IDisposable
{
    private readonly CliHarness _cli = new();

    private Task<(int Exit, string Output)> Run(params string[] args) => _cli.RunAsync(args);

    [Fact]
    public async Task A_pool_that_repeats_an_id_is_refused_at_ingest_naming_the_id_and_both_lines()
    {
        var (poolPath, _) = TestData.Write(_cli.Folder.Path);
        var lines = File.ReadAllLines(poolPath).ToList();
        var repeated = PoolJsonl.Read(poolPath).ElementAt(4).Id;
        lines.Add(lines[4]);
        var duplicated = _cli.Folder.File("duplicated.jsonl");
        File.WriteAllLines(duplicated, lines);

        var (exit, output) = await Run("ingest", "--pool", duplicated, "--name", "dup");

        Assert.Equal(CommandRunner.UserError, exit);
        Assert.Contains($"repeats example id '{repeated}' on lines 5 and {lines.Count}", output);
        Assert.DoesNotContain("   at ", output);
        // Nothing was registered: the name is still free for the corrected file.
        var fixedIngest = await Run("ingest", "--pool", poolPath, "--name", "dup");
        Assert.Equal(0, fixedIngest.Exit);
        Assert.Contains("300 examples", fixedIngest.Output);
    }

    [Fact]
    public async Task A_pool_file_edited_after_ingest_is_refused_when_a_shard_reads_it()
    {
        var (poolPath, targetDirectory) = TestData.Write(_cli.Folder.Path);
        Assert.Equal(0, (await Run("ingest", "--pool", poolPath, "--name", "toy", "--shard-tokens", "2400")).Exit);
        Assert.Equal(0, (await Run("budget", "create", "--name", "b", "--flops", "1e12")).Exit);
        Assert.Equal(0, (await Run("select", "--pool", "toy", "--target", targetDirectory, "--method", "bm25",
            "--fraction", "0.1", "--budget", "b", "--size", "test")).Exit);

        // Same length, same line starts, one different example: only the content tells.
        var lines = File.ReadAllLines(poolPath);
        var edited = lines[150].Replace("year 1", "year 9");
        Assert.NotEqual(lines[150], edited);
        lines[150] = edited;
        File.WriteAllLines(poolPath, lines);

        // Random with another seed scores every shard again (no statistics phase first), so each
        // shard reserves and then reads the edited file.
        var again = await Run("select", "--pool", "toy", "--target", targetDirectory, "--method", "random",
            "--fraction", "0.1", "--budget", "b", "--size", "test", "--seed", "2");

        Assert.Equal(CommandRunner.UserError, again.Exit);
        Assert.Contains($"Pool file '{poolPath}' changed after it was ingested", again.Output);
        Assert.DoesNotContain("   at ", again.Output);
        // The refused shard gave its reservation back (shards the edit did not touch scored and were charged).
        Assert.DoesNotContain("still open", (await Run("budget", "status", "--name", "b")).Output);
    }

    public void Dispose() => _cli.Dispose();
}
