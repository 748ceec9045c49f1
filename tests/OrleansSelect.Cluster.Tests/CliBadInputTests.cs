using OrleansSelect.Cli.Console;

namespace OrleansSelect.Cluster.Tests;

/// <summary>
/// Bad input through the real command line on the embedded silo: one clear message naming the
/// thing and the reason, exit code 2, and what was already stored is still there afterwards.
/// </summary>
[Collection(CliCollection.Name)]
public class CliBadInputTests : IDisposable
{
    private readonly CliHarness _cli = new();

    private Task<(int Exit, string Output)> Run(params string[] args) => _cli.RunAsync(args);

    [Fact]
    public async Task Bad_pools_budgets_methods_and_fractions_each_get_one_clear_error_and_lose_nothing()
    {
        var (poolPath, targetDirectory) = TestData.Write(_cli.Folder.Path);
        Assert.Equal(0, (await Run("ingest", "--pool", poolPath, "--name", "toy", "--shard-size", "100")).Exit);
        Assert.Equal(0, (await Run("budget", "create", "--name", "b", "--flops", "1e12")).Exit);

        var missing = await Run("ingest", "--pool", _cli.Folder.File("nope.jsonl"), "--name", "x");
        Assert.Equal(CommandRunner.UserError, missing.Exit);
        Assert.Contains("nope.jsonl", missing.Output);
        Assert.Contains("does not exist", missing.Output);

        var malformed = _cli.Folder.File("bad.jsonl");
        File.WriteAllLines(malformed, [File.ReadLines(poolPath).First(), "{\"id\": \"x\", \"prompt\": oops}"]);
        var bad = await Run("ingest", "--pool", malformed, "--name", "bad");
        Assert.Equal(CommandRunner.UserError, bad.Exit);
        Assert.Contains("bad.jsonl:2", bad.Output);

        var emptyPath = _cli.Folder.File("empty.jsonl");
        File.WriteAllText(emptyPath, "");
        var empty = await Run("ingest", "--pool", emptyPath, "--name", "empty");
        Assert.Equal(CommandRunner.UserError, empty.Exit);
        Assert.Contains("no examples", empty.Output);

        var method = await Run("select", "--pool", "toy", "--target", targetDirectory, "--method", "magic", "--fraction", "0.1", "--budget", "b");
        Assert.Equal(CommandRunner.UserError, method.Exit);
        Assert.Contains("unknown method 'magic'", method.Output);

        var fraction = await Run("select", "--pool", "toy", "--target", targetDirectory, "--fraction", "1.5", "--budget", "b");
        Assert.Equal(CommandRunner.UserError, fraction.Exit);
        Assert.Contains("fraction must be in (0, 1], got 1.5", fraction.Output);

        var negative = await Run("budget", "create", "--name", "neg", "--flops", "-5");
        Assert.Equal(CommandRunner.UserError, negative.Exit);
        Assert.Contains("positive number", negative.Output);

        var unknownBudget = await Run("budget", "status", "--name", "ghost");
        Assert.Equal(CommandRunner.UserError, unknownBudget.Exit);
        Assert.Contains("no budget named 'ghost'", unknownBudget.Output);

        // Nothing stored before the errors was lost: the pool still selects, and the budget is intact.
        var ok = await Run("select", "--pool", "toy", "--target", targetDirectory, "--method", "bm25", "--fraction", "0.1", "--budget", "b", "--size", "test");
        Assert.Equal(0, ok.Exit);
        Assert.Contains("30 of 300 examples", ok.Output);
        var status = await Run("budget", "status", "--name", "b");
        Assert.Equal(0, status.Exit);
        Assert.Contains("1.00e+12", status.Output);
    }

    [Fact]
    public async Task A_state_folder_that_cannot_hold_a_database_is_named_in_the_error()
    {
        var blocker = _cli.Folder.File("state");
        File.WriteAllText(blocker, "a file where the state folder should be");
        var (exit, output) = await Run("budget", "status", "--name", "b");
        Assert.Equal(CommandRunner.UserError, exit);
        Assert.Contains("state database", output);
        Assert.Contains("cannot be opened", output);
    }

    public void Dispose() => _cli.Dispose();
}
