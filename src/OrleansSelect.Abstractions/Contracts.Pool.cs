namespace OrleansSelect.Abstractions;

/// <summary>
/// Where one shard's examples live: a byte range of a JSONL file, cut at line starts, with the
/// SHA-256 of its records at ingest (null for shards ingested before hashes were kept).
/// </summary>
[GenerateSerializer, Alias("OrleansSelect.ShardDescriptor")]
public sealed record ShardDescriptor(
    [property: Id(0)] string PoolName,
    [property: Id(1)] int Index,
    [property: Id(2)] string Path,
    [property: Id(3)] long StartByte,
    [property: Id(4)] long EndByte,
    [property: Id(5)] int ExampleCount,
    [property: Id(6)] long ByteCount,
    [property: Id(7)] string? ContentSha256 = null);

[GenerateSerializer, Alias("OrleansSelect.PoolView")]
public sealed record PoolView(
    [property: Id(0)] string Name,
    [property: Id(1)] string Path,
    [property: Id(2)] long FileBytes,
    [property: Id(3)] int ExampleCount,
    [property: Id(4)] IReadOnlyList<ShardDescriptor> Shards);
