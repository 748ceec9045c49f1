namespace OrleansSelect.Abstractions;

/// <summary>Where one shard's examples live: a byte range of a JSONL file, cut at line starts.</summary>
[GenerateSerializer, Alias("OrleansSelect.ShardDescriptor")]
public sealed record ShardDescriptor(
    [property: Id(0)] string PoolName,
    [property: Id(1)] int Index,
    [property: Id(2)] string Path,
    [property: Id(3)] long StartByte,
    [property: Id(4)] long EndByte,
    [property: Id(5)] int ExampleCount,
    [property: Id(6)] long ByteCount);

[GenerateSerializer, Alias("OrleansSelect.PoolView")]
public sealed record PoolView(
    [property: Id(0)] string Name,
    [property: Id(1)] string Path,
    [property: Id(2)] long FileBytes,
    [property: Id(3)] int ExampleCount,
    [property: Id(4)] IReadOnlyList<ShardDescriptor> Shards);
