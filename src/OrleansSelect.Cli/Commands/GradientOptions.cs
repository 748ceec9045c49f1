using System.CommandLine;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Models.Gradient;

namespace OrleansSelect.Cli.Commands;

/// <summary>
/// The gradient (LESS) method's settings as command-line options, one set shared by `select` and
/// `cost` so the two read them alike. Their defaults are <see cref="GradientSettings"/>'s and
/// <see cref="GradientSettings.With"/> checks them, so a bad value is the same sentence in both.
/// </summary>
public sealed class GradientOptions
{
    private static readonly GradientSettings Defaults = new();

    public Option<double> WarmupFraction { get; } = new("--" + GradientSettings.WarmupFractionOption)
    {
        Description = "gradient: the share of the pool the LoRA warmup trains on (drawn with --seed), in (0, 1]",
        DefaultValueFactory = _ => Defaults.WarmupFraction,
    };

    public Option<int> WarmupEpochs { get; } = new("--" + GradientSettings.WarmupEpochsOption)
    {
        Description = "gradient: epochs of the LoRA warmup, a checkpoint each (each adds a gradient pass over the pool)",
        DefaultValueFactory = _ => Defaults.WarmupEpochs,
    };

    public Option<int> ProjectionDimension { get; } = new("--" + GradientSettings.ProjectionDimensionOption)
    {
        Description = "gradient: dimension each example's gradient is projected to (capped by the LoRA parameter count)",
        DefaultValueFactory = _ => Defaults.ProjectionDimension,
    };

    public IEnumerable<Option> All => [WarmupFraction, WarmupEpochs, ProjectionDimension];

    /// <summary>The settings given on the command line, for a selection request (one left at its default is not listed).</summary>
    public MethodSettings Given(ParseResult parse) => MethodSettings.Of(
        (GradientSettings.WarmupFractionOption, IsGiven(parse, WarmupFraction) ? parse.GetValue(WarmupFraction) : null),
        (GradientSettings.WarmupEpochsOption, IsGiven(parse, WarmupEpochs) ? parse.GetValue(WarmupEpochs) : null),
        (GradientSettings.ProjectionDimensionOption, IsGiven(parse, ProjectionDimension) ? parse.GetValue(ProjectionDimension) : null));

    /// <summary>Every setting, given or default, checked.</summary>
    public GradientSettings Read(ParseResult parse) => Defaults.With(Given(parse));

    private static bool IsGiven(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };
}
