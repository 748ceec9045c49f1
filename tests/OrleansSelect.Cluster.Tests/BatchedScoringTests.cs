using OrleansSelect.Abstractions;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Silo.Workflows;
using Xunit.Abstractions;

namespace OrleansSelect.Cluster.Tests;

/// <summary>
/// A shard larger than the silo's scoring batch is read and scored a batch at a time, and selects
/// exactly what a shard scored whole selects, charged the same.
/// </summary>
public class BatchedScoringTests(ITestOutputHelper output)
{
    private const int SmallBatch = 7;

    [Theory]
    [InlineData("random", "none")]
    [InlineData("bm25", "none")]
    [InlineData("dsir", "none")]
    [InlineData("perplexity", "test")]
    [InlineData("embed", "test")]
    public async Task A_shard_scored_in_batches_selects_and_is_charged_exactly_as_when_scored_whole(string method, string selector)
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path, reviews: 20, unrelated: 60);
        var request = new SelectionRequest("one-shard", method, targetDirectory, new SelectionTarget(0.25, null), 3, "b", selector, "test",
            Embedder: method == "embed" ? "selector" : "minilm");

        var whole = await SelectAsync(folder, "whole", poolPath, request, Grains.Services.SiloComputeOptions.DefaultScoringBatchExamples);
        var batched = await SelectAsync(folder, "batched", poolPath, request, SmallBatch);

        Assert.Equal(whole.Selected, batched.Selected); // ids, scores, tokens, ranks and order
        Assert.True(whole.Selected.Count >= 10);
        // Each batch is charged what it does: BM25 tokenises its query once per call, so once per batch.
        int batches = (int)Math.Ceiling(80.0 / SmallBatch);
        double extra = method == "bm25"
            ? (batches - 1) * new Bm25Scorer().EstimateFlops(poolExamples: 0, poolTokens: 0, TargetTaskStore.Load(targetDirectory))
            : 0;
        Assert.True(Math.Abs(whole.Manifest.SelectionFlops + extra - batched.Manifest.SelectionFlops) <= 1e-9 * whole.Manifest.SelectionFlops,
            $"whole {whole.Manifest.SelectionFlops:R} FLOPs, batched {batched.Manifest.SelectionFlops:R}, expected {extra:R} more");
        Assert.Equal(batched.Manifest.SelectionFlops, batched.Spent, precision: 0);
        output.WriteLine($"{method}: 80 examples in one shard, batches of {SmallBatch}: {batched.Selected.Count} selected, " +
            $"{batched.Manifest.SelectionFlops:E4} FLOPs ({whole.Manifest.SelectionFlops:E4} scored whole)");
    }

    private static async Task<(SelectionManifest Manifest, List<SelectedCandidate> Selected, double Spent)> SelectAsync(
        TempFolder folder, string name, string poolPath, SelectionRequest request, int batch)
    {
        var stateFolder = Directory.CreateDirectory(folder.File(name)).FullName;
        if (request.Selector != "none")
            SelectorBases.WriteTestBase(Path.Combine(stateFolder, "models"));
        var cluster = await TestClusters.StartAsync(Path.Combine(stateFolder, "state.db"), scoringBatchExamples: batch);
        try
        {
            var grains = cluster.GrainFactory;
            var pool = await PoolIngestion.IngestAsync(grains, request.PoolName, poolPath, tokensPerShard: 10_000 * TestData.TokensPerExample);
            Assert.Single(pool.Shards);
            Assert.True(pool.ExampleCount > 10 * SmallBatch);
            await grains.GetGrain<IBudgetGrain>("b").Create(1e13);
            var manifest = await grains.GetGrain<ISelectionGrain>(name).Run(request);
            var status = await grains.GetGrain<IBudgetGrain>("b").GetStatus();
            Assert.Equal(0, status.OpenReservations);
            return (manifest, await grains.SelectedOf(manifest), status.SpentFlops);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
