using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Grains.Services;

namespace OrleansSelect.Silo.Workflows;

/// <summary>
/// Ingest, from the client side: reads the pool file once (every line is checked before anything
/// is registered; a bad one or a repeated id is reported with its lines), cuts it into hashed shards at line starts and registers them with the pool's
/// grain. The examples stay in the file; shards hold byte ranges.
/// </summary>
public static class PoolIngestion
{
    public const int DefaultExamplesPerShard = 2000;

    public static async Task<PoolView> IngestAsync(IGrainFactory grains, string poolName, string path, int examplesPerShard, CancellationToken cancellation = default)
    {
        if (string.IsNullOrWhiteSpace(poolName) || poolName.Contains('/'))
            throw new UserInputException($"a pool name must be non-empty and contain no '/', got '{poolName}'");
        var fullPath = Path.GetFullPath(path);
        var plan = await Task.Run(() => PoolJsonl.PlanShards(fullPath, examplesPerShard, cancellation), cancellation);
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
