using System.Text.Json;

namespace OrleansSelect.Core.Reports;

/// <summary>
/// One method's figures at one pool size in `bench scale`: the selection's scoring and merge wall
/// times (from its manifest), and the grain-state writes made while it ran, all of them and the
/// shards' own.
/// </summary>
public sealed record ScaleMethodFigures(
    string Method, double ScoringSeconds, double MergeSeconds,
    long StateBytes, long StateWrites, long ShardStateBytes, long ShardStateWrites)
{
    public double BytesPerShardWrite => ShardStateWrites == 0 ? 0.0 : (double)ShardStateBytes / ShardStateWrites;
}

/// <summary>
/// What `bench scale` measured at one pool size, in a process of its own: ingest time, each method's
/// figures, the process's peak resident memory (VmHWM) and its live managed heap after a full
/// collection. It travels from the child process to the parent as one line of text.
/// </summary>
public sealed record ScaleMeasurement(
    int Size, int Shards, double IngestSeconds, long PeakResidentBytes, long LiveHeapBytes,
    IReadOnlyList<ScaleMethodFigures> Methods)
{
    /// <summary>Starts the one line a child prints; nothing else it prints starts so.</summary>
    public const string LinePrefix = "scale-measurement: ";

    public double MicrosecondsPerExample(ScaleMethodFigures method) => method.ScoringSeconds * 1e6 / Size;

    public string ToLine() => LinePrefix + JsonSerializer.Serialize(this);

    /// <summary>The measurement in a child's output, or null when it printed none.</summary>
    public static ScaleMeasurement? FromOutput(IEnumerable<string> lines)
    {
        var line = lines.LastOrDefault(l => l.StartsWith(LinePrefix, StringComparison.Ordinal));
        return line is null ? null : JsonSerializer.Deserialize<ScaleMeasurement>(line[LinePrefix.Length..]);
    }
}
