using OrleansSelect.Abstractions;
using OrleansSelect.Grains.Pool;
using OrleansSelect.Silo.Workflows;
using Xunit.Abstractions;

namespace OrleansSelect.Cluster.Tests;

public class ShardPlacementTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ingest_spreads_a_pools_shards_over_three_silos_to_within_one_and_scoring_keeps_them_there()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"), silos: 3);
        try
        {
            var grains = cluster.GrainFactory;
            // Two pools, so the spread holds per pool and not only in total.
            var first = await PoolIngestion.IngestAsync(grains, "first", poolPath, tokensPerShard: 5 * TestData.TokensPerExample);
            var second = await PoolIngestion.IngestAsync(grains, "second", poolPath, tokensPerShard: 13 * TestData.TokensPerExample);
            Assert.Equal(60, first.Shards.Count);

            var placed = await ShardSilos(grains);
            foreach (var pool in new[] { first, second })
            {
                var perSilo = placed.Where(p => p.Pool == pool.Name).GroupBy(p => p.Silo).Select(g => g.Count()).ToList();
                output.WriteLine($"pool {pool.Name}: {pool.Shards.Count} shards, per silo {string.Join(", ", perSilo)}");
                Assert.Equal(pool.Shards.Count, perSilo.Sum());
                Assert.Equal(3, perSilo.Count);
                Assert.True(perSilo.Max() - perSilo.Min() <= 1);
            }
            // Shard n sits on silo n mod 3, the silos in address order.
            var silos = cluster.GetActiveSilos().Select(s => s.SiloAddress).Order().ToList();
            Assert.All(placed, p => Assert.Equal(silos[p.Index % 3], p.Silo));

            // A selection scores every shard where ingest placed it: no shard moves or is activated twice.
            await grains.GetGrain<IBudgetGrain>("b").Create(1e12);
            var manifest = await grains.GetGrain<ISelectionGrain>("s").Run(
                new SelectionRequest("first", "bm25", targetDirectory, new SelectionTarget(0.1, null), 1, "b", "none", "test"));
            Assert.Equal(60, manifest.ShardsScored);
            Assert.Equal(placed.OrderBy(p => p.Pool).ThenBy(p => p.Index), (await ShardSilos(grains)).OrderBy(p => p.Pool).ThenBy(p => p.Index));
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private static async Task<List<(string Pool, int Index, SiloAddress Silo)>> ShardSilos(IGrainFactory grains)
    {
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics
            .Where(s => s.GrainType.Contains(nameof(ShardGrain), StringComparison.Ordinal))
            .Select(s => (Key: s.GrainId.Key.ToString()!, s.SiloAddress))
            .Select(s => (Pool: s.Key[..s.Key.LastIndexOf('/')], Index: ShardKeys.IndexOf(s.Key), Silo: s.SiloAddress))
            .ToList();
    }
}
