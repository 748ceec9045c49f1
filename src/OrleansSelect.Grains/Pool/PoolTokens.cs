using OrleansSelect.Abstractions;
using OrleansSelect.Grains.Services;

namespace OrleansSelect.Grains.Pool;

/// <summary>A pool's tokens under a model size's tokenizer, counted by its shards where they live (each count is kept by its shard).</summary>
public static class PoolTokens
{
    public static async Task<long> CountAsync(IGrainFactory grains, PoolView pool, string tokenizerSize)
    {
        var tokens = await BoundedFanOut.RunAsync(pool.Shards.ToList(),
            s => SiloLossRetry.RunAsync(() => grains.GetGrain<IShardGrain>(ShardKeys.For(s.PoolName, s.Index)).CountTokens(tokenizerSize)));
        return tokens.Sum();
    }
}
