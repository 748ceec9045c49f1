namespace OrleansSelect.Core.Data.Jsonl;

/// <summary>
/// How a reader treats bad records. Strict (the default, for files we wrote ourselves) throws a
/// <see cref="PoolFormatException"/> at the first one; otherwise each is counted in
/// <see cref="Drops"/> under <see cref="SourceName"/> with its file:line.
/// </summary>
public sealed record ReadOptions
{
    public const int DefaultMaxRecordBytes = 1 << 20;

    public bool Strict { get; init; } = true;
    public int MaxRecordBytes { get; init; } = DefaultMaxRecordBytes;
    public DropLog? Drops { get; init; }
    public string? SourceName { get; init; }

    public static ReadOptions StrictDefault { get; } = new();

    /// <summary>The drop log to report to: a strict one that throws when <see cref="Strict"/>, else the given one or a fresh one.</summary>
    internal DropLog ResolveDrops() => Strict ? new DropLog(strict: true) : Drops ?? new DropLog(strict: false);
}
