using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Grains.Services;

namespace OrleansSelect.Silo.Workflows;

/// <summary>
/// Ingest, from the client side: reads the pool file once (every line is checked before anything
/// is registered; a bad one or a repeated id is reported with its lines), cuts it at line starts into
/// hashed shards of about the same estimated tokens, so they cost about the same to score, and
/// registers them with the pool's grain. The examples stay in the file; shards hold byte ranges.
/// </summary>
public static class PoolIngestion
{
    /// <summary>
    /// Estimated tokens per shard: on the real pool (223k examples, 13.4M tokens) about 2,000 examples,
    /// the size shards had when they were cut by lines.
    /// </summary>
    public const long DefaultTokensPerShard = 120_000;

    public static async Task<PoolView> IngestAsync(IGrainFactory grains, string poolName, string path, long tokensPerShard, CancellationToken cancellation = default)
    {
        if (string.IsNullOrWhiteSpace(poolName) || poolName.Contains('/'))
            throw new UserInputException($"a pool name must be non-empty and contain no '/', got '{poolName}'");
        var fullPath = Path.GetFullPath(path);
        var plan = await Task.Run(() => PoolJsonl.PlanShards(fullPath, tokensPerShard, cancellation), cancellation);
        if (plan.Count == 0)
            throw new UserInputException($"the pool file {fullPath} holds no examples");

        var shards = plan
            .Select((s, i) => new ShardDescriptor(poolName, i, fullPath, s.Start, s.End, s.Count, s.End - s.Start, s.Sha256))
            .ToList();
        // Registering is idempotent, so a call that met a silo just killed (its directory part not yet
        // handed over) is repeated until membership has moved on.
        return await SiloLossRetry.RunAsync(
            () => grains.GetGrain<IPoolGrain>(poolName).Register(fullPath, new FileInfo(fullPath).Length, shards), cancellation: cancellation);
    }
}
