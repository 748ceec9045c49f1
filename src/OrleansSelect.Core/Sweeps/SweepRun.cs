using System.Globalization;

namespace OrleansSelect.Core.Sweeps;

/// <summary>
/// One run of a sweep: its place in the grid and its settings. <see cref="Key"/> names the run's
/// grains and budget, so a run started again (after a crash or a restart) finds its own work done.
/// <see cref="Selector"/> is empty for a method without a selector model. Exactly one of
/// <see cref="Fraction"/> and <see cref="Tokens"/> sizes the run's training data.
/// </summary>
public sealed record SweepRun(
    string Sweep, long Index, string TargetDirectory, string Method, string Selector, string TrainingSize, double? Fraction, long? Tokens, int Seed)
{
    public string Target => SweepSpec.TargetName(TargetDirectory);

    public string Key => string.Create(CultureInfo.InvariantCulture,
        $"sweep/{Sweep}/{Target}/{Method}{(Selector.Length == 0 ? "" : "-" + Selector)}/{TrainingSize}/{DataSize}/s{Seed}");

    /// <summary>The data size in keys and messages: "f0.1" for a fraction, "t1000000" for a token budget.</summary>
    public string DataSize => Fraction is { } f
        ? string.Create(CultureInfo.InvariantCulture, $"f{f:R}")
        : string.Create(CultureInfo.InvariantCulture, $"t{Tokens}");
}
