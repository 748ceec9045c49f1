using System.Globalization;
using OrleansSelect.Core;
using OrleansSelect.Core.Scoring;

namespace OrleansSelect.Models.Gradient;

/// <summary>
/// The gradient (LESS) method's settings, with the paper's defaults where it has them: a warmup on
/// 5% of the pool for 4 epochs (a checkpoint each), gradients projected to 8192 dimensions. The LoRA
/// rank, learning rate and batch are ours, sized for the family's small models.
/// </summary>
public sealed record GradientSettings(
    double WarmupFraction = 0.05,
    int WarmupEpochs = 4,
    int ProjectionDimension = 8192,
    int ProjectionSeed = 0,
    int LoraRank = 8,
    double WarmupLearningRate = 1e-3,
    int WarmupBatchRows = 8)
{
    /// <summary>Examples whose gradients are projected together: the unit of progress and of one pass over the projection's blocks.</summary>
    public const int ExamplesPerBatch = 128;

    /// <summary>The settings a user can give, named as their options of `select` and `cost` (without the dashes).</summary>
    public const string WarmupFractionOption = "warmup-fraction", WarmupEpochsOption = "warmup-epochs", ProjectionDimensionOption = "projection-dim";

    public static IReadOnlyList<string> OptionNames { get; } = [WarmupFractionOption, WarmupEpochsOption, ProjectionDimensionOption];

    /// <summary>These settings with the ones a user gave in place of their values, checked.</summary>
    public GradientSettings With(MethodSettings given)
    {
        given.RequireOnly("gradient", OptionNames);
        return (this with
        {
            WarmupFraction = given.Double(WarmupFractionOption) ?? WarmupFraction,
            WarmupEpochs = given.Int(WarmupEpochsOption) ?? WarmupEpochs,
            ProjectionDimension = given.Int(ProjectionDimensionOption) ?? ProjectionDimension,
        }).Validated();
    }

    /// <summary>Rejects a bad setting with one sentence naming it, before anything is reserved.</summary>
    public GradientSettings Validated()
    {
        if (!(WarmupFraction > 0 && WarmupFraction <= 1))
            throw new UserInputException($"the gradient method's warmup fraction must be in (0, 1], got {WarmupFraction.ToString(CultureInfo.InvariantCulture)}.");
        if (ProjectionDimension < 1)
            throw new UserInputException($"the gradient method's projection dimension must be at least 1, got {ProjectionDimension}.");
        if (WarmupEpochs < 1)
            throw new UserInputException($"the gradient method's warmup needs at least 1 epoch, got {WarmupEpochs}.");
        if (LoraRank < 1)
            throw new UserInputException($"the gradient method's LoRA rank must be at least 1, got {LoraRank}.");
        if (!(WarmupLearningRate > 0) || WarmupBatchRows < 1)
            throw new UserInputException("the gradient method's warmup learning rate and batch must be positive.");
        return this;
    }

    /// <summary>k: the projection dimension, capped by the gradient's length P.</summary>
    public int ProjectedDimension(long gradientDimension) => (int)Math.Min(ProjectionDimension, gradientDimension);

    public string Canonical => string.Create(CultureInfo.InvariantCulture,
        $"warmup={WarmupFraction:R}x{WarmupEpochs};lr={WarmupLearningRate:R};batch={WarmupBatchRows};lora={LoraRank};proj={ProjectionDimension}@{ProjectionSeed}");
}
