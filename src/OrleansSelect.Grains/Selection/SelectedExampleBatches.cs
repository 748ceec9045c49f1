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
    /// <summary>
    /// A whole part per batch: a shard reads its byte range for each batch that names it, and a
    /// part's candidates come from nearly every shard, so smaller batches would read the pool again
    /// and again. A part (65,536 rows by default) is tens of megabytes of text.
    /// </summary>
    public const int DefaultBatchSize = int.MaxValue;

    public static async IAsyncEnumerable<IReadOnlyList<(SelectedCandidate Candidate, ExampleView Example)>> ReadAsync(
        IGrainFactory grains, SelectionManifest manifest, int batchSize = DefaultBatchSize,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await foreach (var part in SelectionParts.ReadAsync(grains, manifest, ct))
        {
            for (int start = 0; start < part.Count;)
            {
                ct.ThrowIfCancellationRequested();
                var batch = part.Skip(start).Take(batchSize).ToList();
                start += batch.Count;
                var byShard = batch.GroupBy(c => c.Shard).ToList();
                var fetched = await BoundedFanOut.RunAsync(byShard, g => SiloLossRetry.RunAsync(() =>
                    grains.GetGrain<IShardGrain>(ShardKeys.For(manifest.Request.PoolName, g.Key)).Fetch(g.Select(c => c.ExampleId).ToList())));
                var byId = fetched.SelectMany(f => f).ToDictionary(e => e.Id, StringComparer.Ordinal);
                yield return batch.Select(c => (c, byId[c.ExampleId])).ToList();
            }
        }
    }
}
