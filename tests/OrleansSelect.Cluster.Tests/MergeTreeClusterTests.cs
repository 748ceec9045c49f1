using System.Diagnostics;
using Orleans.TestingHost;
using OrleansSelect.Abstractions;
using OrleansSelect.Silo.Workflows;
using Xunit.Abstractions;

namespace OrleansSelect.Cluster.Tests;

/// <summary>
/// A pool of many shards is scored and merged through a tree of merge grains, and the selection is
/// exactly the one the same pool gives as a single shard (the single-process ranking).
/// </summary>
public class MergeTreeClusterTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0.1, null)]
    [InlineData(null, 900L)]
    public async Task Bm25_through_a_three_level_tree_equals_the_single_shard_selection(double? fraction, long? maxTokens)
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        // Fan-out 4 over 60 shards: the root, 4 nodes of 15 and under each leaves of 4, 4, 4 and 3.
        var cluster = await TestClusters.StartAsync(folder.File("state.db"), silos: 2, mergeFanOut: 4);
        try
        {
            var grains = cluster.GrainFactory;
            await PoolIngestion.IngestAsync(grains, "whole", poolPath, tokensPerShard: 300 * TestData.TokensPerExample);
            var many = await PoolIngestion.IngestAsync(grains, "many", poolPath, tokensPerShard: 5 * TestData.TokensPerExample);
            Assert.Equal(60, many.Shards.Count);
            await grains.GetGrain<IBudgetGrain>("b").Create(1e12);
            var target = new SelectionTarget(fraction, maxTokens);

            var reference = await grains.GetGrain<ISelectionGrain>("whole-sel").Run(
                new SelectionRequest("whole", "bm25", targetDirectory, target, 1, "b", "none", "test"));
            var viaTree = await grains.GetGrain<ISelectionGrain>("many-sel").Run(
                new SelectionRequest("many", "bm25", targetDirectory, target, 1, "b", "none", "test"));

            Assert.NotEmpty(await grains.SelectedOf(reference));
            Assert.Equal((await grains.SelectedOf(reference)).Select(c => (c.ExampleId, c.Tokens)), (await grains.SelectedOf(viaTree)).Select(c => (c.ExampleId, c.Tokens)));
            Assert.Equal((await grains.SelectedOf(reference)).Select(c => c.Score), (await grains.SelectedOf(viaTree)).Select(c => c.Score), (a, b) => Math.Abs(a - b) < 1e-9);
            Assert.Equal(reference.SelectedTokens, viaTree.SelectedTokens);
            Assert.Equal(60, viaTree.ShardsScored);

            // The inner nodes ran: the one over shards 0-14 and the leaf over shards 0-3 scored theirs.
            var node = await grains.GetGrain<IMergeGrain>("many-sel/0-14").GetProgress();
            Assert.Equal((15.0, 15.0), (node.Done, node.Total));
            var leaf = await grains.GetGrain<IMergeGrain>("many-sel/0-3").GetProgress();
            Assert.Equal((4.0, 4.0), (leaf.Done, leaf.Total));
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Ten_thousand_tiny_shards_merge_exactly_through_the_tree()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path, reviews: 2_000, unrelated: 8_000);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"), silos: 2);
        try
        {
            var grains = cluster.GrainFactory;
            var clock = Stopwatch.StartNew();
            await PoolIngestion.IngestAsync(grains, "whole", poolPath, tokensPerShard: 10_000 * TestData.TokensPerExample);
            var tiny = await PoolIngestion.IngestAsync(grains, "tiny", poolPath, tokensPerShard: 1);
            Assert.Equal(10_000, tiny.Shards.Count);
            output.WriteLine($"ingest of 10,000 one-example shards: {clock.Elapsed.TotalSeconds:F1} s");
            await grains.GetGrain<IBudgetGrain>("b").Create(1e12);
            var target = new SelectionTarget(0.05, null);

            var reference = await grains.GetGrain<ISelectionGrain>("whole-sel").Run(
                new SelectionRequest("whole", "random", targetDirectory, target, 5, "b", "none", "test"));
            clock.Restart();
            var viaTree = await grains.GetGrain<ISelectionGrain>("tiny-sel").Run(
                new SelectionRequest("tiny", "random", targetDirectory, target, 5, "b", "none", "test"));
            output.WriteLine($"selection over 10,000 shards: {clock.Elapsed.TotalSeconds:F1} s");

            Assert.Equal(500, reference.SelectedCount);
            Assert.Equal((await grains.SelectedOf(reference)).Select(c => c.ExampleId), (await grains.SelectedOf(viaTree)).Select(c => c.ExampleId));
            Assert.Equal(10_000, viaTree.ShardsScored);
            // Fan-out 100: the root handed 100 leaves of 100 shards each.
            var leaf = await grains.GetGrain<IMergeGrain>("tiny-sel/9900-9999").GetProgress();
            Assert.Equal((100.0, 100.0), (leaf.Done, leaf.Total));
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
