using System.Runtime.CompilerServices;
using OrleansSelect.Abstractions;
using OrleansSelect.Grains.Pool;
using OrleansSelect.Grains.Services;

namespace OrleansSelect.Grains.Selection;

/// <summary>
/// A selection's examples read back from the shards that hold them, in the manifest's order (the
/// training order), one batch at a time: each batch asks each of its shards once for its ids, so no
/// message carries more than a batch and memory holds one batch unless the caller keeps them.
/// </summary>
public static class SelectedExampleBatches
{
    /// <summary>A few megabytes of text per batch on typical pools.</summary>
    public const int DefaultBatchSize = 4096;

    public static async IAsyncEnumerable<IReadOnlyList<(Candidate Candidate, ExampleView Example)>> ReadAsync(
        IGrainFactory grains, SelectionManifest manifest, int batchSize = DefaultBatchSize,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        for (int start = 0; start < manifest.Selected.Count; start += batchSize)
        {
            ct.ThrowIfCancellationRequested();
            var batch = manifest.Selected.Skip(start).Take(batchSize).ToList();
            var byShard = batch.GroupBy(c => c.Shard).ToList();
            var fetched = await BoundedFanOut.RunAsync(byShard, g => SiloLossRetry.RunAsync(() =>
                grains.GetGrain<IShardGrain>(ShardKeys.For(manifest.Request.PoolName, g.Key)).Fetch(g.Select(c => c.ExampleId).ToList())));
            var byId = fetched.SelectMany(f => f).ToDictionary(e => e.Id, StringComparer.Ordinal);
            yield return batch.Select(c => (c, byId[c.ExampleId])).ToList();
        }
    }
}
