using Orleans.TestingHost;
using OrleansSelect.Abstractions;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests;

/// <summary>Scores computed for one budget and used by another: charged there as reused, or shared with --amortise.</summary>
public class ReuseChargeTests
{
    private const double Budget = 5e12;

    [Fact]
    public async Task Scores_computed_for_another_budget_are_charged_as_a_reused_line_and_the_same_budget_pays_once()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.GrainFactory;
            await PoolIngestion.IngestAsync(grains, "toy", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            foreach (var name in new[] { "first", "second" })
                await grains.GetGrain<IBudgetGrain>(name).Create(Budget);
            var request = new SelectionRequest("toy", "bm25", targetDirectory, new SelectionTarget(0.1, null), 1, "first", "none", "test");

            var computed = await grains.GetGrain<ISelectionGrain>("computed").Run(request);
            var sameBudget = await grains.GetGrain<ISelectionGrain>("same-budget").Run(request with { Seed = 2 });
            var reused = await grains.GetGrain<ISelectionGrain>("reused").Run(request with { BudgetName = "second" });

            Assert.Equal(0.0, computed.ReusedFlops);
            Assert.Equal(0.0, sameBudget.ReusedFlops); // the first budget paid for these scores already
            Assert.Equal(computed.SelectionFlops, (await grains.GetGrain<IBudgetGrain>("first").GetStatus()).SpentFlops, precision: 3);

            Assert.Equal(computed.SelectionFlops, reused.ReusedFlops, precision: 3);
            Assert.Equal(reused.SelectionFlops, reused.ChargedFlops);
            var second = await grains.GetGrain<IBudgetGrain>("second").GetStatus();
            Assert.Equal(computed.SelectionFlops, second.SpentFlops, precision: 3);
            var line = Assert.Single(second.ByMethod);
            Assert.Equal("bm25, reused", line.Name);

            // A rerun of the finished selection charges nothing more.
            await grains.GetGrain<ISelectionGrain>("reused").Run(request with { BudgetName = "second" });
            Assert.Equal(second.SpentFlops, (await grains.GetGrain<IBudgetGrain>("second").GetStatus()).SpentFlops);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task Amortised_reuse_is_shown_as_a_line_of_zero_FLOPs_and_training_gets_the_rest()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.GrainFactory;
            await PoolIngestion.IngestAsync(grains, "toy", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            foreach (var name in new[] { "first", "shared" })
                await grains.GetGrain<IBudgetGrain>(name).Create(Budget);
            var request = new SelectionRequest("toy", "bm25", targetDirectory, new SelectionTarget(0.1, null), 1, "first", "none", "test");
            var computed = await grains.GetGrain<ISelectionGrain>("computed").Run(request);

            var amortised = await grains.GetGrain<ISelectionGrain>("amortised").Run(request with { BudgetName = "shared", Amortise = true });

            Assert.Equal(computed.SelectionFlops, amortised.ReusedFlops, precision: 3);
            Assert.Equal(0.0, amortised.ChargedFlops, precision: 3);
            var shared = await grains.GetGrain<IBudgetGrain>("shared").GetStatus();
            Assert.Equal(0.0, shared.SpentFlops);
            var line = Assert.Single(shared.ByMethod);
            Assert.Equal("bm25, amortised", line.Name);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task A_prepared_artifact_made_for_another_budget_is_charged_as_reused_with_the_scores()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.GrainFactory;
            await PoolIngestion.IngestAsync(grains, "toy", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            foreach (var name in new[] { "first", "second" })
                await grains.GetGrain<IBudgetGrain>(name).Create(Budget);
            var request = new SelectionRequest("toy", "dsir", targetDirectory, new SelectionTarget(0.1, null), 1, "first", "none", "test");
            var computed = await grains.GetGrain<ISelectionGrain>("computed").Run(request);

            var reused = await grains.GetGrain<ISelectionGrain>("reused").Run(request with { BudgetName = "second" });

            // Every shard came from the cache and the artifact from disk: the whole cost, prepare included, is reused.
            Assert.Equal(0, reused.ShardsScored);
            Assert.Equal(computed.SelectionFlops, reused.ReusedFlops, precision: 3);
            Assert.Equal(computed.SelectionFlops, (await grains.GetGrain<IBudgetGrain>("second").GetStatus()).SpentFlops, precision: 3);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    private static async Task Stop(TestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }
}
