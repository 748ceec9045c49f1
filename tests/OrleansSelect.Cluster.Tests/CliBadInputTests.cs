using OrleansSelect.Abstractions;
using OrleansSelect.Cli.Console;
using OrleansSelect.Grains.Pool;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;

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
        Assert.Equal(0, (await Run("ingest", "--pool", poolPath, "--name", "toy", "--shard-tokens", "2400")).Exit);
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

        var embedder = await Run("select", "--pool", "toy", "--target", targetDirectory, "--method", "embed", "--embedder", "glove", "--fraction", "0.1", "--budget", "b");
        Assert.Equal(CommandRunner.UserError, embedder.Exit);
        Assert.Contains("unknown embedder 'glove' for method 'embed'; known embedders: minilm, selector.", embedder.Output);

        // "test" is never pretrained by the commands: no base, one sentence naming the command that makes it, nothing reserved.
        var noBase = await Run("select", "--pool", "toy", "--target", targetDirectory, "--method", "perplexity", "--selector", "test", "--size", "test", "--fraction", "0.1", "--budget", "b");
        Assert.Equal(CommandRunner.UserError, noBase.Exit);
        Assert.Contains("selector size 'test' has no pretrained base; run `orleansselect model pretrain --size test` first", noBase.Output);
        Assert.DoesNotContain("   at ", noBase.Output);
        var afterNoBase = await Run("budget", "status", "--name", "b");
        Assert.Matches(@"reserved\W+0\.00e\+00", afterNoBase.Output);
        Assert.Matches(@"spent\W+0\.00e\+00", afterNoBase.Output);

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

    [Theory]
    [InlineData("gradient", "--warmup-fraction", "0", "the gradient method's warmup fraction must be in (0, 1], got 0.")]
    [InlineData("gradient", "--warmup-fraction", "1.5", "the gradient method's warmup fraction must be in (0, 1], got 1.5.")]
    [InlineData("gradient", "--projection-dim", "0", "the gradient method's projection dimension must be at least 1, got 0.")]
    [InlineData("gradient", "--warmup-epochs", "0", "the gradient method's warmup needs at least 1 epoch, got 0.")]
    [InlineData("bm25", "--warmup-epochs", "2", "method 'bm25' has no settings; --warmup-epochs is not one of its options.")]
    public async Task A_bad_gradient_setting_is_one_sentence_and_reserves_nothing(string method, string option, string value, string message)
    {
        var (poolPath, targetDirectory) = TestData.Write(_cli.Folder.Path);
        Assert.Equal(0, (await Run("ingest", "--pool", poolPath, "--name", "toy", "--shard-tokens", "2400")).Exit);
        Assert.Equal(0, (await Run("budget", "create", "--name", "b", "--flops", "1e12")).Exit);

        var refused = await Run("select", "--pool", "toy", "--target", targetDirectory, "--method", method, "--selector", "test", "--size", "test",
            "--fraction", "0.1", "--budget", "b", option, value);

        Assert.Equal(CommandRunner.UserError, refused.Exit);
        Assert.Contains(message, refused.Output);
        Assert.DoesNotContain("   at ", refused.Output);
        var status = await Run("budget", "status", "--name", "b");
        Assert.Matches(@"reserved\W+0\.00e\+00", status.Output);
        Assert.Matches(@"spent\W+0\.00e\+00", status.Output);
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

    [Fact]
    public async Task A_pool_path_with_square_brackets_is_shown_as_it_is_not_read_as_markup()
    {
        var (poolPath, _) = TestData.Write(_cli.Folder.Path);
        var bracketed = _cli.Folder.File("pool [1].jsonl");
        File.Copy(poolPath, bracketed);

        var ingest = await Run("ingest", "--pool", bracketed, "--name", "brackets", "--shard-tokens", "2400");
        Assert.Equal(0, ingest.Exit);
        Assert.Contains("pool brackets: 300 examples", ingest.Output);

        var imported = _cli.Folder.File("out [2].jsonl");
        var import = await Run("data", "import", "--input", bracketed, "--out", imported);
        Assert.Equal(0, import.Exit);
        Assert.Contains("wrote 300 examples", import.Output);
        Assert.Contains("out [2].jsonl", import.Output);
    }

    [Fact]
    public async Task Numeric_options_out_of_range_are_refused_with_one_sentence_before_any_work()
    {
        var (poolPath, targetDirectory) = TestData.Write(_cli.Folder.Path);
        var noData = _cli.Folder.File("no-data");

        var tokens = await Run("model", "pretrain", "--size", "nano", "--tokens", "-5", "--data", noData);
        Assert.Equal(CommandRunner.UserError, tokens.Exit);
        Assert.Contains("--tokens must be zero or more, got -5", tokens.Output);

        foreach (var cap in new[] { "NaN", "1e400", "0" })
        {
            var flops = await Run("train", "--selection", "s", "--target", targetDirectory, "--budget", "b", "--max-flops", cap);
            Assert.Equal(CommandRunner.UserError, flops.Exit);
            Assert.Contains($"--max-flops must be a positive finite number, got {cap}", flops.Output);
        }

        foreach (var shardTokens in new[] { "0", "-5" })
        {
            var ingest = await Run("ingest", "--pool", poolPath, "--name", "toy", "--shard-tokens", shardTokens);
            Assert.Equal(CommandRunner.UserError, ingest.Exit);
            Assert.Contains($"--shard-tokens must be positive, got {shardTokens}", ingest.Output);
        }

        var output = _cli.Folder.File("imported.jsonl");
        var recordBytes = await Run("data", "import", "--input", poolPath, "--out", output, "--max-record-bytes", "0");
        Assert.Equal(CommandRunner.UserError, recordBytes.Exit);
        Assert.Contains("--max-record-bytes must be positive, got 0", recordBytes.Output);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_target_with_an_empty_test_set_is_refused_instead_of_giving_NaN()
    {
        var (_, targetDirectory) = TestData.Write(_cli.Folder.Path);
        File.WriteAllText(Path.Combine(targetDirectory, "test.jsonl"), "");
        Assert.Equal(0, (await Run("budget", "create", "--name", "b", "--flops", "1e12")).Exit);

        var train = await Run("train", "--selection", "s", "--target", targetDirectory, "--budget", "b", "--size", "test");
        Assert.Equal(CommandRunner.UserError, train.Exit);
        Assert.Contains("test.jsonl", train.Output);
        Assert.Contains("holds no examples", train.Output);
    }

    [Fact]
    public async Task Selection_ids_that_would_put_a_report_outside_the_reports_folder_are_refused()
    {
        var (poolPath, targetDirectory) = TestData.Write(_cli.Folder.Path);
        Assert.Equal(0, (await Run("ingest", "--pool", poolPath, "--name", "toy", "--shard-tokens", "2400")).Exit);
        Assert.Equal(0, (await Run("budget", "create", "--name", "b", "--flops", "1e12")).Exit);

        var select = await Run("select", "--pool", "toy", "--target", targetDirectory, "--fraction", "0.1", "--budget", "b", "--size", "test", "--id", "../escaped");
        Assert.Equal(CommandRunner.UserError, select.Exit);
        Assert.Contains("--id '../escaped'", select.Output);

        var train = await Run("train", "--selection", "../../escaped", "--target", targetDirectory, "--budget", "b", "--size", "test");
        Assert.Equal(CommandRunner.UserError, train.Exit);
        Assert.Contains("--selection '../../escaped'", train.Output);

        var status = await Run("budget", "status", "--name", "b");
        Assert.Contains(status.Output.Split('\n'), line => line.Contains("remaining") && line.Contains("1.00e+12")); // nothing was charged
    }

    [Fact]
    public async Task A_name_whose_ingest_crashed_after_assigning_shards_takes_another_file()
    {
        var (poolPath, targetDirectory) = TestData.Write(_cli.Folder.Path);
        // The crash: shards assigned to some other file, then no pool record written.
        await using (var silo = await EmbeddedSilo.StartAsync(_cli.Folder.File("state"), new SiloComputeOptions()))
            await silo.Grains.GetGrain<IShardGrain>(ShardKeys.For("toy", 0))
                .Assign(new ShardDescriptor("toy", 0, _cli.Folder.File("earlier.jsonl"), 0, 10, 1, 10));

        var ingest = await Run("ingest", "--pool", poolPath, "--name", "toy", "--shard-tokens", "2400");
        Assert.Equal(0, ingest.Exit);
        Assert.Contains("pool toy: 300 examples", ingest.Output);
        Assert.Equal(0, (await Run("budget", "create", "--name", "b", "--flops", "1e12")).Exit);
        var select = await Run("select", "--pool", "toy", "--target", targetDirectory, "--method", "bm25", "--fraction", "0.1", "--budget", "b", "--size", "test");
        Assert.Equal(0, select.Exit);
        Assert.Contains("30 of 300 examples", select.Output);
    }

    public void Dispose() => _cli.Dispose();
}
