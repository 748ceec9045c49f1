using OrleansSelect.Core;
using OrleansSelect.Core.Compute;

namespace OrleansSelect.Core.Tests.Compute;

public class SelectionCostTests
{
    private const double SevenB = 7e9;
    private const double PaperPoolTokens = 1.09e8;
    private const long PaperPoolExamples = 270_679;

    /// <summary>LoRA r = 128 on q, k, v, o of Llama-2-7B (32 layers, d 4096): 32 · 4 · 2 · 4096 · 128.</summary>
    private const long PaperLoraParameters = 134_217_728;

    private static double Stage(IReadOnlyList<CostLine> lines, CostStage stage) => lines.Where(l => l.Stage == stage).Sum(l => l.Flops);

    [Fact]
    public void TrainingTheWholePoolAtPaperScaleIsSixND()
    {
        var lines = SelectionCost.Estimate(new SelectionCostInputs { Method = "random", TrainParameters = SevenB, PoolTokens = PaperPoolTokens });
        Assert.Equal(4.578e18, Stage(lines, CostStage.Training), 1e15);
        Assert.Equal(0.0, Stage(lines, CostStage.Scoring));
    }

    [Fact]
    public void PerplexityScoringWithASevenBSelectorIsTwoSD()
    {
        var lines = SelectionCost.Estimate(new SelectionCostInputs
        {
            Method = "perplexity", TrainParameters = SevenB, SelectorParameters = SevenB, PoolTokens = PaperPoolTokens,
            ReferenceTokens = 1000, ReferenceEpochs = 3,
        });
        Assert.Equal(1.526e18, Stage(lines, CostStage.Scoring), 1e15);
        Assert.Equal(6.0 * SevenB * 1000 * 3, Stage(lines, CostStage.Prepare));
    }

    [Fact]
    public void TrainingChargesOnlyTheKeptFraction()
    {
        var lines = SelectionCost.Estimate(new SelectionCostInputs { Method = "bm25", TrainParameters = 100, PoolTokens = 1000, Fraction = 0.1 });
        Assert.Equal(6.0 * 100 * 100, Stage(lines, CostStage.Training), 6);
        Assert.Equal(40.0 * 1000, Stage(lines, CostStage.Scoring));
    }

    /// <summary>
    /// Our LESS figure at the paper's scale, line by line, beside the paper's 8.27e18 (≈ 10.8·S·D).
    /// We charge a full forward+backward over the pool at each of the 4 checkpoints (24·S·D) where
    /// the paper's total leaves room for well under one (see <see cref="SelectionCost"/>), so ours
    /// is about 2.6x theirs; the warmup (1.2·S·D) alone is the same in both.
    /// </summary>
    [Fact]
    public void GradientAtPaperScaleIsWarmupPlusCheckpointGradientsPlusProjection()
    {
        var lines = SelectionCost.Estimate(new SelectionCostInputs
        {
            Method = "gradient", TrainParameters = SevenB, SelectorParameters = SevenB, PoolTokens = PaperPoolTokens,
            PoolExamples = PaperPoolExamples, GradientDimension = PaperLoraParameters,
            WarmupEpochs = 4, WarmupFraction = 0.05, ProjectionDimension = 8192, // the paper's settings
        });
        var nd = SevenB * PaperPoolTokens;
        Assert.Equal(1.2 * nd, Stage(lines, CostStage.Prepare), 1e12);
        var projection = 4 * 2.0 * PaperLoraParameters * 8192 * PaperPoolExamples;
        Assert.Equal(24 * nd + projection, Stage(lines, CostStage.Scoring), 1e12);
        var selection = Stage(lines, CostStage.Prepare) + Stage(lines, CostStage.Scoring);
        Assert.Equal(2.16e19, selection, 0.01e19);
        Assert.InRange(selection / 8.27e18, 2.5, 2.7);
    }

    [Fact]
    public void EmbedScoresThePoolAndTheReferenceWithTheEmbedder()
    {
        var lines = SelectionCost.Estimate(new SelectionCostInputs
        {
            Method = "embed", TrainParameters = 1e6, SelectorParameters = 22_713_216, PoolTokens = 1e6, ReferenceTokens = 500,
        });
        Assert.Equal(2.0 * 22_713_216 * 1e6, Stage(lines, CostStage.Scoring));
        Assert.Equal(2.0 * 22_713_216 * 500, Stage(lines, CostStage.Prepare));
    }

    [Theory]
    [InlineData("magic", 1e9, 1e8, 1.0, "unknown method 'magic'")]
    [InlineData("bm25", -5, 1e8, 1.0, "--train-params must be a positive number, got -5")]
    [InlineData("bm25", 1e9, 0, 1.0, "--pool-tokens must be a positive number, got 0")]
    [InlineData("bm25", 1e9, 1e8, 0.0, "fraction must be in (0, 1], got 0")]
    [InlineData("bm25", 1e9, 1e8, 1.5, "fraction must be in (0, 1], got 1.5")]
    [InlineData("perplexity", 1e9, 1e8, 1.0, "give its parameter count with --selector-params")]
    public void BadInputsAreRefusedWithOneSentence(string method, double trainParams, double poolTokens, double fraction, string message)
    {
        var e = Assert.Throws<UserInputException>(() => SelectionCost.Estimate(new SelectionCostInputs
        {
            Method = method, TrainParameters = trainParams, PoolTokens = poolTokens, Fraction = fraction,
        }));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void GradientNeedsThePoolsExampleCountAndTheGradientLength()
    {
        var inputs = new SelectionCostInputs
        {
            Method = "gradient", TrainParameters = 1e9, SelectorParameters = 1e8, PoolTokens = 1e8,
            WarmupEpochs = 4, WarmupFraction = 0.05, ProjectionDimension = 8192,
        };
        Assert.Contains("--pool-examples", Assert.Throws<UserInputException>(() => SelectionCost.Estimate(inputs)).Message);
        Assert.Contains("--gradient-dim", Assert.Throws<UserInputException>(() => SelectionCost.Estimate(inputs with { PoolExamples = 10 })).Message);
        Assert.Contains("--warmup-fraction", Assert.Throws<UserInputException>(() =>
            SelectionCost.Estimate(inputs with { PoolExamples = 10, GradientDimension = 5, WarmupFraction = 0 })).Message);
    }
}
