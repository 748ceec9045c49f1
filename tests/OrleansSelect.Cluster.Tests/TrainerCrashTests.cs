using OrleansSelect.Abstractions;
using OrleansSelect.Core.Data;
using OrleansSelect.Grains.Training;
using OrleansSelect.Models;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests;

public class TrainerCrashTests
{
    [Fact]
    public async Task A_training_run_killed_halfway_is_charged_what_it_spent_and_finishes_on_the_next_cluster()
    {
        using var folder = new TempFolder();
        var database = folder.File("state.db");
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var request = new TrainingRequest("sel", "test", null, targetDirectory, "b", MaxTrainFlops: 1e13, Epochs: 10, Seed: 3);

        var first = await TestClusters.StartAsync(database);
        await PoolIngestion.IngestAsync(first.GrainFactory, "toy", poolPath, 100);
        await first.GrainFactory.GetGrain<IBudgetGrain>("b").Create(1e14);
        var selection = await first.GrainFactory.GetGrain<ISelectionGrain>("sel").Run(
            new SelectionRequest("toy", "bm25", targetDirectory, new SelectionTarget(1.0, null), 1, "b", "none", "test"));

        var trainer = first.GrainFactory.GetGrain<ITrainerGrain>("run");
        var training = trainer.Train(request);
        JobProgress seen;
        do
        {
            await Task.Delay(10);
            seen = await trainer.GetProgress();
        } while (!training.IsCompleted && !(seen.Phase == "training" && seen.Done >= 20));
        Assert.False(training.IsCompleted, "the run finished before it could be interrupted");
        double stepsBeforeKill = seen.Done;
        foreach (var silo in first.Silos.ToList())
            await first.KillSiloAsync(silo);
        await first.DisposeAsync();

        var second = await TestClusters.StartAsync(database);
        try
        {
            // Recovery alone settles the interrupted attempt, so a planner reads what is really left.
            await second.GrainFactory.GetGrain<ITrainerGrain>("run").Recover();
            var recovered = await second.GrainFactory.GetGrain<IBudgetGrain>("b").GetStatus();
            Assert.Equal(0, recovered.OpenReservations);
            Assert.True(recovered.SpentFlops > selection.SelectionFlops);

            var result = await second.GrainFactory.GetGrain<ITrainerGrain>("run").Train(request);
            var status = await second.GrainFactory.GetGrain<IBudgetGrain>("b").GetStatus();

            Assert.Equal(0, status.OpenReservations);
            double interrupted = status.SpentFlops - selection.SelectionFlops - result.TrainFlops - result.EvalFlops;
            double perStep = result.TrainFlops / result.Steps; // both attempts ran the same plan
            Assert.True(interrupted >= stepsBeforeKill * perStep,
                $"the interrupted attempt was charged {interrupted:E3} FLOPs, less than the {stepsBeforeKill} steps it had done");
            Assert.True(interrupted < result.TrainFlops,
                $"the interrupted attempt was charged {interrupted:E3} FLOPs, its whole reservation, although it stopped early");
            Assert.Equal(status.ByCategory.Single(l => l.Name == "evaluation").SpentFlops, result.EvalFlops, precision: 0); // evaluation never ran in the first attempt
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_run_of_zero_training_steps_that_dies_after_evaluating_is_charged_its_evaluation()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.GrainFactory;
            await PoolIngestion.IngestAsync(grains, "zero-steps", poolPath, 100);
            var budget = grains.GetGrain<IBudgetGrain>("b-zero-steps");
            await budget.Create(1e14);
            await grains.GetGrain<ISelectionGrain>("sel-zero-steps").Run(
                new SelectionRequest("zero-steps", "random", targetDirectory, new SelectionTarget(0.1, null), 1, "b-zero-steps", "none", "test"));
            var trainer = grains.GetGrain<ITrainerGrain>("run-zero-steps");
            // A cap below one step's FLOPs: no training step, so no training progress ever raises a ceiling.
            var request = new TrainingRequest("sel-zero-steps", "test", null, targetDirectory, "b-zero-steps", MaxTrainFlops: 1, Epochs: 1, Seed: 1);

            // The silo "dies" after evaluating and before committing: the result is never stored.
            using (FailingGrainStorage.FailWritesWhen((key, state) => key == "run-zero-steps" && state is TrainerState { Result: not null }))
                await Assert.ThrowsAnyAsync<Exception>(() => trainer.Train(request));
            await trainer.Recover();

            var status = await budget.GetStatus();
            Assert.Equal(0, status.OpenReservations);
            double evaluation = TargetFinetuner.EstimateEvalFlops("test", TargetTaskStore.Load(targetDirectory));
            Assert.Equal(evaluation, status.ByCategory.Single(l => l.Name == "evaluation").SpentFlops, precision: 0);
            Assert.Equal(0, status.ByCategory.Single(l => l.Name == "training").SpentFlops);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
