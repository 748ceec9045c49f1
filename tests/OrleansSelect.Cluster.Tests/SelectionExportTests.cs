using OrleansSelect.Abstractions;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests;

public class SelectionExportTests
{
    [Fact]
    public async Task A_selection_is_written_in_manifest_order_batch_by_batch_as_jsonl_and_parquet()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"), silos: 2);
        try
        {
            var grains = cluster.SiloGrains();
            await PoolIngestion.IngestAsync(grains, "export", poolPath, tokensPerShard: 50 * TestData.TokensPerExample);
            await grains.GetGrain<IBudgetGrain>("b-export").Create(1e14);
            var manifest = await grains.GetGrain<ISelectionGrain>("sel-export").Run(
                new SelectionRequest("export", "bm25", targetDirectory, new SelectionTarget(0.4, null), 1, "b-export", "none", "test"));
            Assert.True((await grains.SelectedOf(manifest)).Select(c => c.Shard).Distinct().Count() > 1, "the selection should span shards");

            // Batches of 7 cut the 120 examples across shards and batches.
            long jsonl = await SelectionExport.WriteAsync(grains, manifest, folder.File("out.jsonl"), batchSize: 7);
            long parquet = await SelectionExport.WriteAsync(grains, manifest, folder.File("out.parquet"), batchSize: 7);

            Assert.Equal(manifest.SelectedCount, jsonl);
            Assert.Equal(manifest.SelectedCount, parquet);
            SelectionFiles.AssertMatches(await grains.SelectedOf(manifest), poolPath, SelectionFiles.ReadJsonl(folder.File("out.jsonl")));
            var (rows, rowGroups) = await SelectionFiles.ReadParquet(folder.File("out.parquet"));
            SelectionFiles.AssertMatches(await grains.SelectedOf(manifest), poolPath, rows);
            Assert.Equal((manifest.SelectedCount + 6) / 7, rowGroups); // one row group per batch: streamed, not gathered
            Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp", SearchOption.AllDirectories).Where(f => f.Contains("out.")));
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
