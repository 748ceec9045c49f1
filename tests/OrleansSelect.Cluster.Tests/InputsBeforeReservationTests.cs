using Orleans.TestingHost;
using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Models;
using OrleansSelect.Models.Tokenization;
using OrleansSelect.Models.Training;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests;

/// <summary>A bad input fails before the budget is asked for anything, and a refused step gives back what it reserved.</summary>
public class InputsBeforeReservationTests
{
    [Fact]
    public async Task A_selection_for_a_size_whose_tokenizer_does_not_exist_fails_before_any_shard_reserves()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var modelsBefore = FamilyTokenizer.ModelsDirectory;
        FamilyTokenizer.ModelsDirectory = folder.File("no-models"); // no BPE trained yet, as before any pretraining
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.SiloGrains();
            await PoolIngestion.IngestAsync(grains, "no-tokenizer", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            var budget = grains.GetGrain<IBudgetGrain>("b-no-tokenizer");
            await budget.Create(1e14);

            var error = await Assert.ThrowsAnyAsync<UserInputException>(() => grains.GetGrain<ISelectionGrain>("sel-no-tokenizer").Run(
                new SelectionRequest("no-tokenizer", "bm25", targetDirectory, new SelectionTarget(0.1, null), 1, "b-no-tokenizer", "none", "nano")));

            Assert.Contains("tokenizer", error.Message);
            var status = await budget.GetStatus();
            Assert.Equal(0, status.ReservedFlops);
            Assert.Equal(0, status.SpentFlops);
        }
        finally
        {
            FamilyTokenizer.ModelsDirectory = modelsBefore;
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task A_base_checkpoint_of_another_size_is_refused_before_training_or_evaluation_is_reserved()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var otherSize = OtherSizeCheckpoint(folder);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.SiloGrains();
            await PoolIngestion.IngestAsync(grains, "other-base", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            var budget = grains.GetGrain<IBudgetGrain>("b-other-base");
            await budget.Create(1e14);
            await grains.GetGrain<ISelectionGrain>("sel-other-base").Run(
                new SelectionRequest("other-base", "random", targetDirectory, new SelectionTarget(0.1, null), 1, "b-other-base", "none", "test"));

            var error = await Assert.ThrowsAnyAsync<UserInputException>(() => grains.GetGrain<ITrainerGrain>("run-other-base").Train(
                new TrainingRequest("sel-other-base", "test", otherSize, targetDirectory, "b-other-base", 1e10, 1, 1)));

            Assert.Contains("another shape", error.Message);
            var status = await budget.GetStatus();
            Assert.Equal(0, status.ReservedFlops);
            Assert.Equal(0, status.SpentFlops);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task An_experiment_with_a_base_checkpoint_of_another_size_fails_before_selection_is_charged()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var otherSize = OtherSizeCheckpoint(folder);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.SiloGrains();
            await PoolIngestion.IngestAsync(grains, "other-base-run", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            var spec = new ExperimentSpec("other-base-run", "other-base-run", targetDirectory, "bm25", "b-other-base-run", 1e14, "test",
                Fraction: 0.1, BaseCheckpointPath: otherSize);

            await Assert.ThrowsAnyAsync<UserInputException>(() => ExperimentRunner.RunAsync(grains, spec));

            Assert.Null(await grains.GetGrain<ISelectionGrain>("other-base-run/select").GetManifest());
            Assert.Equal(0, (await grains.GetGrain<IBudgetGrain>("b-other-base-run").GetStatus()).SpentFlops);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task An_evaluation_reservation_refused_gives_the_training_reservation_back()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var target = TargetTaskStore.Load(targetDirectory);
        // The selection keeps the whole pool, so the trainer's estimate can be computed here exactly.
        double trainFlops = TargetFinetuner.EstimateTrainFlops(new FinetuneJob("test", null,
            TrainingTokens.Of(PoolJsonl.Read(poolPath).Select(e => (e.Prompt, e.Response)), TokenCounting.TokenizerFor("test")), target,
            MaxTrainFlops: 1e13, Epochs: 1, Seed: 1, new ComputeOptions()));
        double evalFlops = TargetFinetuner.EstimateEvalFlops("test", target);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.SiloGrains();
            await PoolIngestion.IngestAsync(grains, "eval-refused", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            await grains.GetGrain<IBudgetGrain>("b-eval-refused-select").Create(1e14);
            await grains.GetGrain<ISelectionGrain>("sel-eval-refused").Run(
                new SelectionRequest("eval-refused", "random", targetDirectory, new SelectionTarget(1.0, null), 1, "b-eval-refused-select", "none", "test"));
            var budget = grains.GetGrain<IBudgetGrain>("b-eval-refused");
            await budget.Create(trainFlops + evalFlops / 2); // training fits, evaluation then does not

            var error = await Assert.ThrowsAnyAsync<UserInputException>(() => grains.GetGrain<ITrainerGrain>("run-eval-refused").Train(
                new TrainingRequest("sel-eval-refused", "test", null, targetDirectory, "b-eval-refused", 1e13, 1, 1)));

            Assert.Contains("evaluation", error.Message);
            var status = await budget.GetStatus();
            Assert.Equal(0, status.ReservedFlops);
            Assert.Equal(0, status.SpentFlops);
            Assert.Equal(0, status.OpenReservations);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    /// <summary>A checkpoint twice as wide as the "test" size.</summary>
    private static string OtherSizeCheckpoint(TempFolder folder)
    {
        var path = folder.File("wider.ckpt");
        using var model = new Gpt(new GptConfig(Layers: 1, Heads: 2, DModel: 32, VocabSize: 257, ContextLength: 64));
        Checkpoint.Save(path, model, optimizer: null);
        return path;
    }

    private static async Task Stop(TestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }
}
