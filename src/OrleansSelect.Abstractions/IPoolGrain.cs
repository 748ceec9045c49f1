namespace OrleansSelect.Abstractions;

/// <summary>
/// The catalogue of one ingested pool (keyed by the pool's name): which file it came from and how
/// it was cut into shards. It hands each shard to its ShardGrain at ingest.
/// </summary>
public interface IPoolGrain : IGrainWithStringKey
{
    /// <summary>Records the pool's shards and assigns them; a repeat with the same file is a no-op.</summary>
    Task<PoolView> Register(string path, long fileBytes, IReadOnlyList<ShardDescriptor> shards);

    /// <summary>Null when no pool of this name was ingested.</summary>
    Task<PoolView?> Get();
}
