using OrleansSelect.Cli.Console;

namespace OrleansSelect.Cluster.Tests;

/// <summary>`cost` through the real command line: the paper-scale figures and one clear error per bad input.</summary>
[Collection(CliCollection.Name)]
public class CostCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Paper_scale_gives_six_ND_for_training_and_two_ND_for_perplexity_scoring()
    {
        var (exit, output) = await _cli.RunAsync("cost", "--method", "perplexity", "--train-params", "7e9", "--selector-params", "7e9", "--pool-tokens", "1.09e8");
        Assert.Equal(0, exit);
        Assert.Contains("training total │                                                   │ 4.58e+18", output);
        Assert.Contains("scoring total  │                                                   │ 1.53e+18", output);
        Assert.Contains("2·S·D = 2 × 7.00e+09 × 1.09e+08", output);
        Assert.Contains("6·N·F·D = 6 × 7.00e+09 × 1 × 1.09e+08", output);
        Assert.Contains("6·S·R·epochs = 6 × 7.00e+09 × 0.00e+00 × 3", output); // the perplexity method's own finetune epochs
    }

    [Fact]
    public async Task Gradient_takes_selects_warmup_and_projection_options()
    {
        var (exit, output) = await _cli.RunAsync("cost", "--method", "gradient", "--train-params", "7e9", "--selector-params", "7e9",
            "--pool-tokens", "1.09e8", "--pool-examples", "270679", "--gradient-dim", "134217728",
            "--warmup-epochs", "2", "--warmup-fraction", "0.1", "--projection-dim", "1024");
        Assert.Equal(0, exit);
        Assert.Contains("6·S·w·D·E = 6 × 7.00e+09 × 0.1 × 1.09e+08 × 2", output);
        Assert.Contains("E·6·S·D = 2 × 6 × 7.00e+09 × 1.09e+08", output);
        Assert.Contains("E·2·P·k·n = 2 × 2 × 1.34e+08 × 1024 × 270679", output);
    }

    [Fact]
    public async Task Gradient_at_paper_scale_prints_each_part_of_its_figure()
    {
        var (exit, output) = await _cli.RunAsync("cost", "--method", "gradient", "--train-params", "7e9", "--selector-params", "7e9",
            "--pool-tokens", "1.09e8", "--pool-examples", "270679", "--gradient-dim", "134217728");
        Assert.Equal(0, exit);
        Assert.Contains("9.16e+17 │ 6·S·w·D·E = 6 × 7.00e+09 × 0.05 × 1.09e+08 × 4", output);
        Assert.Contains("1.83e+19 │ E·6·S·D = 4 × 6 × 7.00e+09 × 1.09e+08", output);
        Assert.Contains("2.38e+18 │ E·2·P·k·n = 4 × 2 × 1.34e+08 × 8192 × 270679", output);
        Assert.Contains("the paper gives about 8.27e+18 for LESS at 7B (2.6x ours/paper)", output);
    }

    [Theory]
    [InlineData("--train-params", "-7e9", "--train-params must be a positive number, got -7000000000")]
    [InlineData("--selector-params", "-1", "--selector-params must be a positive number, got -1")]
    [InlineData("--fraction", "1.5", "fraction must be in (0, 1], got 1.5")]
    [InlineData("--fraction", "0", "fraction must be in (0, 1], got 0")]
    [InlineData("--method", "magic", "unknown method 'magic'")]
    [InlineData("--warmup-fraction", "1.5", "the gradient method's warmup fraction must be in (0, 1], got 1.5.")] // as `select` says it
    [InlineData("--projection-dim", "0", "the gradient method's projection dimension must be at least 1, got 0.")]
    public async Task Bad_input_gets_one_clear_error_and_exit_code_two(string option, string value, string message)
    {
        var args = new Dictionary<string, string>
        {
            ["--method"] = "perplexity", ["--train-params"] = "7e9", ["--selector-params"] = "7e9", ["--pool-tokens"] = "1.09e8",
            [option] = value,
        };
        var (exit, output) = await _cli.RunAsync(["cost", .. args.SelectMany(a => new[] { a.Key, a.Value })]);
        Assert.Equal(CommandRunner.UserError, exit);
        Assert.Contains(message, output);
        Assert.DoesNotContain("   at ", output);
    }

    public void Dispose() => _cli.Dispose();
}
