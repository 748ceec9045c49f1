using System.Runtime.CompilerServices;
using OrleansSelect.Abstractions;
using OrleansSelect.Grains.Pool;
using OrleansSelect.Grains.Services;

namespace OrleansSelect.Grains.Selection;

/// <summary>
/// A selection's examples read back from the shards that hold them, in the manifest's order (the
/// training order), one batch at a time: the candidates come a part at a time from the selection's
/// file (<see cref="SelectionParts"/>), and each batch, never larger than its part, asks each of its
/// shards once for its ids. So no message carries more than a batch or a part, and memory holds one
/// of each unless the caller keeps them.
/// </summary>
public static class SelectedExampleBatches
{
    /// <summary>A few megabytes of text per batch on typical pools.</summary>
    public const int DefaultBatchSize = 4096;

    public static async IAsyncEnumerable<IReadOnlyList<(SelectedCandidate Candidate, ExampleView Example)>> ReadAsync(
        IGrainFactory grains, SelectionManifest manifest, int batchSize = DefaultBatchSize,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await foreach (var part in SelectionParts.ReadAsync(grains, manifest, ct))
        {
            for (int start = 0; start < part.Count; start += batchSize)
            {
                ct.ThrowIfCancellationRequested();
                var batch = part.Skip(start).Take(batchSize).ToList();
                var byShard = batch.GroupBy(c => c.Shard).ToList();
                var fetched = await BoundedFanOut.RunAsync(byShard, g => SiloLossRetry.RunAsync(() =>
                    grains.GetGrain<IShardGrain>(ShardKeys.For(manifest.Request.PoolName, g.Key)).Fetch(g.Select(c => c.ExampleId).ToList())));
                var byId = fetched.SelectMany(f => f).ToDictionary(e => e.Id, StringComparer.Ordinal);
                yield return batch.Select(c => (c, byId[c.ExampleId])).ToList();
            }
        }
    }
}
