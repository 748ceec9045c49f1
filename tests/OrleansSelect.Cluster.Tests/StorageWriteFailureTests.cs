using Orleans.TestingHost;
using OrleansSelect.Abstractions;
using OrleansSelect.Grains.Pool;
using OrleansSelect.Grains.Selection;
using OrleansSelect.Grains.Training;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests;

/// <summary>
/// A grain whose storage write fails must not answer the next call from the state it never stored:
/// the call fails, the activation is dropped, and the next call starts from storage.
/// </summary>
public class StorageWriteFailureTests
{
    [Fact]
    public async Task A_shard_whose_scores_were_not_stored_scores_again_instead_of_answering_from_memory()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.GrainFactory;
            await PoolIngestion.IngestAsync(grains, "unstored-scores", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            await grains.GetGrain<IBudgetGrain>("b-unstored-scores").Create(1e14);
            var request = new SelectionRequest("unstored-scores", "bm25", targetDirectory, new SelectionTarget(0.1, null), 1, "b-unstored-scores", "none", "test");

            using (FailingGrainStorage.FailWritesWhen((key, state) => key.StartsWith("unstored-scores/") && ShardWrites.RecordsScores(state, folder.File("models"))))
                await Assert.ThrowsAnyAsync<Exception>(() => grains.GetGrain<ISelectionGrain>("sel-unstored-scores").Run(request));

            var manifest = await grains.GetGrain<ISelectionGrain>("sel-unstored-scores").Run(request);
            Assert.Equal(0, manifest.ShardsFromCache); // nothing was stored, so nothing is answered from cache
            Assert.Equal(3, manifest.ShardsScored);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task A_selection_whose_manifest_was_not_stored_has_no_manifest()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.GrainFactory;
            await PoolIngestion.IngestAsync(grains, "unstored-manifest", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            await grains.GetGrain<IBudgetGrain>("b-unstored-manifest").Create(1e14);
            var request = new SelectionRequest("unstored-manifest", "random", targetDirectory, new SelectionTarget(0.1, null), 1, "b-unstored-manifest", "none", "test");
            var selection = grains.GetGrain<ISelectionGrain>("sel-unstored-manifest");

            using (FailingGrainStorage.FailWritesWhen((key, state) => key == "sel-unstored-manifest" && state is SelectionState { Manifest: not null }))
                await Assert.ThrowsAnyAsync<Exception>(() => selection.Run(request));

            Assert.Null(await selection.GetManifest());
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task A_training_run_whose_result_was_not_stored_has_no_result()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.GrainFactory;
            await PoolIngestion.IngestAsync(grains, "unstored-result", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            await grains.GetGrain<IBudgetGrain>("b-unstored-result").Create(1e14);
            await grains.GetGrain<ISelectionGrain>("sel-unstored-result").Run(
                new SelectionRequest("unstored-result", "random", targetDirectory, new SelectionTarget(0.1, null), 1, "b-unstored-result", "none", "test"));
            var trainer = grains.GetGrain<ITrainerGrain>("run-unstored-result");
            var request = new TrainingRequest("sel-unstored-result", "test", null, targetDirectory, "b-unstored-result", MaxTrainFlops: 1e10, Epochs: 1, Seed: 1);

            using (FailingGrainStorage.FailWritesWhen((key, state) => key == "run-unstored-result" && state is TrainerState { Result: not null }))
                await Assert.ThrowsAnyAsync<Exception>(() => trainer.Train(request));

            Assert.Null(await trainer.GetResult());
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
