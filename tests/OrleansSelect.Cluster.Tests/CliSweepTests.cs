using OrleansSelect.Cli.Console;
using OrleansSelect.Core.Analysis;

namespace OrleansSelect.Cluster.Tests;

/// <summary>`sweep` through the real command line: each bad spec is one sentence before anything runs; a tiny sweep runs, reports, writes its table and plots.</summary>
[Collection(CliCollection.Name)]
public class CliSweepTests : IDisposable
{
    private readonly CliHarness _cli = new();

    private string Spec(string name, string lines, string sizes = "[test]", string? target = null)
    {
        var (poolPath, targetDirectory) = TestData.Write(_cli.Folder.Path);
        targetDirectory = target ?? targetDirectory;
        var path = _cli.Folder.File($"{name}-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"""
            name: {name}
            pool: toy
            pool_file: {poolPath}
            targets: [{targetDirectory}]
            training_sizes: {sizes}
            seeds: [1]
            {lines}
            """);
        return path;
    }

    private const string Grid = "methods:\n  random: []\n  bm25: []\nfractions: [0.1, 0.5, 1.0]\n";

    [Fact]
    public async Task Each_bad_spec_gets_one_sentence_and_nothing_runs()
    {
        (string Spec, string Expected)[] cases =
        [
            (Spec("bad", Grid.Replace("bm25", "perplexed") + "budget_per_run: 5e12"), "names the unknown method 'perplexed'; known methods:"),
            (Spec("bad", Grid + "budget_per_run: 5e12", sizes: "[huge]"), "names the unknown training size 'huge'; known sizes are"),
            (Spec("bad", Grid.Replace("random: []", "random: [gigantic]") + "budget_per_run: 5e12"), "names the unknown selector size of random 'gigantic'"),
            (Spec("bad", "methods: {}\nfractions: [0.1]\nbudget_per_run: 5e12"), "is empty: it lists no methods."),
            (Spec("bad", Grid + "budget_per_run: 5e12", sizes: "[]"), "is empty: it lists no training sizes."),
            (Spec("bad", Grid + "budget_per_run: 5e12", target: _cli.Folder.File("elsewhere")), "elsewhere named in"),
            (Spec("bad", Grid), "needs exactly one of budget_per_run and total_budget."),
            (Spec("bad", Grid + "budget_per_run: 1e6"), "The budget of 1.00e+06 FLOPs per run in"),
        ];
        foreach (var (spec, expected) in cases)
        {
            var (exit, output) = await _cli.RunAsync("sweep", "run", spec);
            Assert.Equal(CommandRunner.UserError, exit);
            Assert.Contains(expected, output);
            Assert.DoesNotContain("   at ", output);
        }
        var tooSmall = await _cli.RunAsync("sweep", "run", Spec("bad", Grid + "budget_per_run: 1e6"));
        Assert.Contains("is too small for 6 of its 6 runs: sweep/bad/target/bm25/test/f0.1/s1 needs about", tooSmall.Output);
        // Refused before anything was reserved: no sweep, no run's budget.
        var status = await _cli.RunAsync("sweep", "status", "bad");
        Assert.Equal(CommandRunner.UserError, status.Exit);
        Assert.Contains("No sweep named 'bad' has been run here", status.Output);
        var budget = await _cli.RunAsync("budget", "status", "--name", "sweep/bad/target/bm25/test/f0.1/s1");
        Assert.NotEqual(0, budget.Exit);

        var missing = await _cli.RunAsync("sweep", "run", _cli.Folder.File("nope.yaml"));
        Assert.Equal(CommandRunner.UserError, missing.Exit);
        Assert.Contains("nope.yaml does not exist.", missing.Output);
    }

    [Fact]
    public async Task A_tiny_sweep_runs_and_writes_every_result_column_and_its_plots()
    {
        var spec = Spec("tiny", Grid + "budget_per_run: 5e12");

        var run = await _cli.RunAsync("sweep", "run", spec);
        Assert.True(run.Exit == 0, run.Output);
        Assert.Contains("sweep tiny (not running): 6/6 done, 0 running, 0 left", run.Output);

        var status = await _cli.RunAsync("sweep", "status", "tiny");
        Assert.Equal(0, status.Exit);
        Assert.Contains("6/6 done", status.Output);

        var table = _cli.Folder.File("tiny.csv");
        Assert.Equal(0, (await _cli.RunAsync("sweep", "results", "tiny", "--out", table)).Exit);
        var rows = RunResultCsv.Read(table);
        Assert.Equal(6, rows.Count);
        Assert.Equal(["bm25", "bm25", "bm25", "random", "random", "random"], rows.Select(r => r.Method));
        Assert.All(rows, r =>
        {
            Assert.Equal(("toy", "test", 1), (r.Target, r.TrainingSize, r.Seed));
            Assert.True(r.PoolTokens > 0 && r.Tokens > 0 && r.Tokens <= r.PoolTokens);
            Assert.True(r.TrainingFlops > 0 && r.EvaluationFlops > 0);
            Assert.Equal(r.SelectionFlops + r.TrainingFlops, r.TotalFlops, precision: 0);
            Assert.InRange(r.Accuracy, 0, 1);
            Assert.True(r.BitsPerByte > 0 && r.WallSeconds > 0);
        });
        Assert.All(rows.Where(r => r.Method == "bm25"), r => Assert.True(r.ScoringFlops > 0));
        Assert.True(rows.Single(r => r is { Method: "bm25", Fraction: 1.0 }).Tokens > rows.Single(r => r is { Method: "bm25", Fraction: 0.1 }).Tokens);

        // The same table as Parquet reads back equal, and `fit` reads either to the same fits.
        var parquet = _cli.Folder.File("tiny.parquet");
        Assert.Equal(0, (await _cli.RunAsync("sweep", "results", "tiny", "--out", parquet)).Exit);
        Assert.Equal(rows, await RunResultFile.ReadAsync(parquet));
        var fitCsv = await _cli.RunAsync("fit", "--results", table);
        var fitParquet = await _cli.RunAsync("fit", "--results", parquet);
        Assert.Equal(fitCsv.Exit, fitParquet.Exit);
        Assert.Contains("bm25 for toy, test", fitParquet.Output);
        Assert.Equal(fitCsv.Output, fitParquet.Output);

        var plots = _cli.Folder.File("plots");
        var plot = await _cli.RunAsync("sweep", "plot", "tiny", "--out", plots);
        Assert.True(plot.Exit == 0, plot.Output);
        Assert.True(File.Exists(Path.Combine(plots, "toy-test.png")));
        Assert.True(File.Exists(Path.Combine(plots, "toy-test.svg")));
        Assert.True(new FileInfo(Path.Combine(plots, "tiny-costs.png")).Length > 1000);
        Assert.True(File.Exists(Path.Combine(plots, "tiny-costs.svg")));

        var badOut = await _cli.RunAsync("sweep", "results", "tiny", "--out", _cli.Folder.File("tiny.xlsx"));
        Assert.Equal(CommandRunner.UserError, badOut.Exit);
        Assert.Contains("must end in .csv or .parquet", badOut.Output);

        // The same name with another grid is refused, not mixed into the first sweep's runs.
        var other = await _cli.RunAsync("sweep", "run", Spec("tiny", Grid.Replace("[0.1, 0.5, 1.0]", "[0.2]") + "budget_per_run: 5e12"));
        Assert.Equal(CommandRunner.UserError, other.Exit);
        Assert.Contains("a sweep named 'tiny' already exists with another spec", other.Output);
    }

    [Fact]
    public async Task A_token_budget_sweep_trains_on_at_most_its_tokens_and_reports_the_share_it_got()
    {
        var spec = Spec("budgets", "methods:\n  random: []\n  bm25: []\ntokens: [600, 2000]\nbudget_per_run: 5e12");

        var run = await _cli.RunAsync("sweep", "run", spec);
        Assert.True(run.Exit == 0, run.Output);
        Assert.Contains("sweep budgets (not running): 4/4 done", run.Output);

        var table = _cli.Folder.File("budgets.csv");
        Assert.Equal(0, (await _cli.RunAsync("sweep", "results", "budgets", "--out", table)).Exit);
        var rows = RunResultCsv.Read(table);
        Assert.Equal(4, rows.Count);
        // Grid order: bm25 then random, each at 600 then 2000 tokens.
        Assert.Equal(["bm25", "bm25", "random", "random"], rows.Select(r => r.Method));
        foreach (var (row, budget) in rows.Zip([600, 2000, 600, 2000]))
        {
            Assert.InRange(row.Tokens, 1, budget);
            Assert.Equal((double)row.Tokens / row.PoolTokens, row.Fraction, precision: 12); // the realised share
        }
        Assert.True(rows[1].Tokens > rows[0].Tokens); // bm25 at 2000 tokens kept more than at 600
    }

    public void Dispose() => _cli.Dispose();
}
