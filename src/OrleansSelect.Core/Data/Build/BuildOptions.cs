using OrleansSelect.Core.Data.Sources;

namespace OrleansSelect.Core.Data.Build;

/// <summary>The knobs of `data build`; the same options and inputs always give the same files.</summary>
public sealed record BuildOptions
{
    public int Seed { get; init; } = 42;
    public int ReferenceSize { get; init; } = 32;
    public int TestSize { get; init; } = 400;
    public IReadOnlyList<string> Targets { get; init; } = SentimentFormat.Domains;

    /// <summary>
    /// Under strict, the first bad source record stops the build with its file:line, and so does a
    /// source whose package was not fetched (otherwise it is left out and listed in the statistics).
    /// </summary>
    public bool Strict { get; init; }

    public int MaxExampleBytes { get; init; } = SourceContext.DefaultMaxExampleBytes;
}
