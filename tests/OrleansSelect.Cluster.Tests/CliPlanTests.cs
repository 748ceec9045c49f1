using OrleansSelect.Cli.Console;
using OrleansSelect.Core.Analysis;

namespace OrleansSelect.Cluster.Tests;

/// <summary>`plan` through the real command line, on a hand-made fits file for the toy target and the test size.</summary>
[Collection(CliCollection.Name)]
public class CliPlanTests : IDisposable
{
    private readonly CliHarness _cli = new();

    private static UtilityFit Fit(string method, double p0, double lambda, double selectionPerToken) =>
        new(new FitKey("toy", "test", method, ""), FullDataScore: 0.9, FullDataFlops: 1e11, p0, lambda,
            P0StandardError: 0.01, LambdaStandardError: 0.2, P0LambdaCovariance: 0, RSquared: 0.98, Points: 6,
            MinFlops: 1e9, MaxFlops: 1e11, selectionPerToken);

    private (string Fits, string Target, string[] Common) Setup()
    {
        var (poolPath, targetDirectory) = TestData.Write(_cli.Folder.Path);
        var fits = _cli.Folder.File("fits.json");
        // bm25 rises much faster with compute than random and costs little to select with: it should win.
        FitFile.Write(fits, [new FitSucceeded(Fit("random", 0.5, 0.5, 0)), new FitSucceeded(Fit("bm25", 0.5, 5, 10))]);
        return (fits, targetDirectory, ["--pool", "toy", "--target", targetDirectory, "--selector-size", "nano"]);
    }

    [Fact]
    public async Task The_plan_is_the_best_fitted_method_and_execute_shows_predicted_next_to_measured()
    {
        var (fits, _, common) = Setup();
        Assert.Equal(0, (await _cli.RunAsync("ingest", "--pool", _cli.Folder.File("pool.jsonl"), "--name", "toy", "--shard-tokens", "2400")).Exit);

        var plan = await _cli.RunAsync(["plan", "--budget", "2e10", "--train-size", "test", "--fits", fits, .. common]);
        Assert.True(plan.Exit == 0, plan.Output);
        Assert.True(plan.Output.Contains(": bm25 on", StringComparison.Ordinal), plan.Output);
        Assert.Matches(@"with 2\.00e\+10 FLOPs for test on a pool of [\d,]+ tokens: bm25 on [\d.]+ ?% of the pool, expected accuracy 0\.\d+ ± 0\.\d+", plan.Output);
        Assert.True(plan.Output.IndexOf("│ bm25", StringComparison.Ordinal) < plan.Output.IndexOf("│ random", StringComparison.Ordinal), plan.Output);

        var onlyRandom = await _cli.RunAsync(["plan", "--budget", "2e10", "--train-size", "test", "--fits", fits, "--method", "random", .. common]);
        Assert.Contains(": random on", onlyRandom.Output);

        var executed = await _cli.RunAsync(["plan", "--budget", "2e10", "--train-size", "test", "--fits", fits, "--execute", .. common]);
        Assert.True(executed.Exit == 0, executed.Output);
        Assert.Matches(@"accuracy\s+│ 0\.\d+ ± 0\.\d+\s+│ [01]\.\d{3}", executed.Output);
        Assert.Contains("training FLOPs", executed.Output);
    }

    [Fact]
    public async Task What_the_planner_cannot_answer_gets_one_sentence()
    {
        var (fits, _, common) = Setup();
        Assert.Equal(0, (await _cli.RunAsync("ingest", "--pool", _cli.Folder.File("pool.jsonl"), "--name", "toy", "--shard-tokens", "2400")).Exit);
        (string[] Args, string Expected)[] cases =
        [
            (["plan", "--budget", "2e10", "--train-size", "nano", "--fits", fits, .. common],
                "No fit covers training size 'nano' on target 'toy'; run a sweep with training_sizes: [nano] on that target"),
            (["plan", "--budget", "2e10", "--train-size", "test", "--fits", fits, "--method", "dsir", .. common], "No fit covers method(s) dsir"),
            (["plan", "--budget", "2e10", "--train-size", "test", .. common], "No --fits was given and this build ships no reference fits; make one with `orleansselect sweep run"),
            (["plan", "--budget", "2e10", "--train-size", "test", "--fits", _cli.Folder.File("none.json"), .. common], "none.json does not exist."),
            (["plan", "--budget", "2e10", "--train-size", "huge", "--fits", fits, .. common], "Model size 'huge' is unknown"),
            (["plan", "--budget", "2e10", "--train-params", "7e9", "--fits", fits, .. common], "No model size has about 7e+9 parameters"),
            (["plan", "--budget", "2e10", "--fits", fits, .. common], "exactly one of --train-size and --train-params"),
            (["plan", "--budget", "-5", "--train-size", "test", "--fits", fits, .. common], "--budget must be a positive finite number, got -5"),
            (["plan", "--budget", "1e3", "--train-size", "test", "--fits", fits, "--method", "bm25", .. common], "does not pay for selecting with any fitted method"),
            (["plan", "--budget", "2e10", "--train-size", "test", "--fits", fits, "--pool", "other", .. common[2..]], "No pool named 'other' has been ingested"),
        ];
        foreach (var (args, expected) in cases)
        {
            var (exit, output) = await _cli.RunAsync(args);
            Assert.True(exit == CommandRunner.UserError, $"{string.Join(" ", args)}: {output}");
            Assert.True(output.Contains(expected, StringComparison.Ordinal), $"{string.Join(" ", args)}: {output}");
            Assert.DoesNotContain("   at ", output);
        }
    }

    public void Dispose() => _cli.Dispose();
}
