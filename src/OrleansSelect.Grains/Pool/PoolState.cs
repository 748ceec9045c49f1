using OrleansSelect.Abstractions;

namespace OrleansSelect.Grains.Pool;

public sealed class PoolState
{
    public string Path { get; set; } = "";
    public long FileBytes { get; set; }
    public List<ShardDescriptor> Shards { get; set; } = [];
}
