using System.Diagnostics;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Reports;
using OrleansSelect.Grains.Pool;
using OrleansSelect.Grains.Services;
using OrleansSelect.Grains.Telemetry;
using OrleansSelect.Silo.Hosting;

namespace OrleansSelect.Silo.Workflows;

/// <summary>
/// One size of `bench scale`, meant to run alone in its process so the peak memory is its own: the
/// real pool repeated to the size (ids salted), a fresh embedded silo in a temporary folder, the pool
/// ingested (timed), then each method selects <see cref="Fraction"/> of it; scoring and merge times
/// come from the manifests, grain-state writes from the silo's counting serializer, taken per method.
/// The folder, repeated pool included, is gone when it ends.
/// </summary>
public static class ScaleBenchmark
{
    public const double Fraction = 0.01;

    public static async Task<ScaleMeasurement> MeasureAsync(
        string sourcePool, int size, string targetDirectory, IReadOnlyList<(string Method, string Selector)> methods,
        string tokenizerSize, long tokensPerShard, Action<string> status, CancellationToken cancellation)
    {
        var folder = Directory.CreateTempSubdirectory("orleansselect-bench-scale-").FullName;
        try
        {
            status($"writing a pool of {size:N0} examples");
            var poolPath = Path.Combine(folder, "pool.jsonl");
            await Task.Run(() => PoolRepeater.Write(sourcePool, poolPath, size, cancellation), cancellation);

            using var tally = new GrainStateWriteTally();
            await using var silo = await EmbeddedSilo.StartAsync(Path.Combine(folder, "state"), new SiloComputeOptions(), cancellation: cancellation);

            status($"ingesting {size:N0} examples");
            var clock = Stopwatch.StartNew();
            var pool = await PoolIngestion.IngestAsync(silo.Grains, "scale", poolPath, tokensPerShard, cancellation);
            double ingestSeconds = clock.Elapsed.TotalSeconds;

            var figures = new List<ScaleMethodFigures>();
            foreach (var (method, selector) in methods)
            {
                var (totalBefore, shardBefore) = (tally.Total, tally.For(nameof(ShardState)));
                var budget = $"scale-{method}";
                await silo.Grains.GetGrain<IBudgetGrain>(budget).Create(1e30);
                var request = new SelectionRequest("scale", method, targetDirectory, new SelectionTarget(Fraction, null), 1, budget, selector, tokenizerSize);
                var grain = silo.Grains.GetGrain<ISelectionGrain>($"scale-{method}");
                var manifest = await JobPolling.WaitAsync(() => grain.Run(request), grain.GetProgress,
                    p => status($"{size:N0} examples, {method}: {p.Phase} {p.Done:N0}/{p.Total:N0} {p.Detail}"), cancellation);
                var (total, shard) = (tally.Total, tally.For(nameof(ShardState)));
                figures.Add(new ScaleMethodFigures(method, manifest.ScoringTime.TotalSeconds, manifest.MergeTime.TotalSeconds,
                    total.Bytes - totalBefore.Bytes, total.Writes - totalBefore.Writes, shard.Bytes - shardBefore.Bytes, shard.Writes - shardBefore.Writes));
            }

            // With the silo still up: what it holds once the work is done, not what the work passed through.
            long liveHeap = GC.GetTotalMemory(forceFullCollection: true);
            return new ScaleMeasurement(size, pool.Shards.Count, ingestSeconds, PeakResidentMemory.OfThisProcess(), liveHeap, figures);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
