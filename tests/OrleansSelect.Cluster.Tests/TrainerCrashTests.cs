using OrleansSelect.Abstractions;
using OrleansSelect.Core.Data;
using OrleansSelect.Grains.Training;
using OrleansSelect.Core.Compute;
using OrleansSelect.Models;
using TrainingPlan = OrleansSelect.Models.Training.TrainingPlan;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests;

public class TrainerCrashTests
{
    [Fact]
    public async Task A_training_run_killed_halfway_resumes_at_its_last_checkpoint_on_the_next_cluster_with_an_exact_ledger()
    {
        using var folder = new TempFolder();
        var database = folder.File("state.db");
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var request = new TrainingRequest("sel", "test", null, targetDirectory, "b", MaxTrainFlops: 1e13, Epochs: 2, Seed: 3);
        var checkpoints = Path.Combine(folder.Path, "models", "runs", "run"); // the test silos' models folder is beside the database

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
        int stepsBeforeKill = (int)seen.Done;
        foreach (var silo in first.Silos.ToList())
            await first.KillSiloAsync(silo);
        await first.DisposeAsync();

        var second = await TestClusters.StartAsync(database);
        try
        {
            var grains = second.GrainFactory;
            var budget = grains.GetGrain<IBudgetGrain>("b");
            // Recovery alone settles the interrupted attempt, so a planner reads what is really left.
            await grains.GetGrain<ITrainerGrain>("run").Recover();
            var recovered = await budget.GetStatus();
            Assert.Equal(0, recovered.OpenReservations);
            double interrupted = Training(recovered);

            int checkpointStep = int.Parse(Path.GetFileNameWithoutExtension(Assert.Single(Directory.GetFiles(checkpoints)))["step-".Length..]);
            Assert.True(checkpointStep >= 16 && checkpointStep % TestSiloConfigurator.CheckpointEverySteps == 0, $"checkpoint at step {checkpointStep}");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var resumed = await grains.GetGrain<ITrainerGrain>("run").Train(request);
            var afterResume = await budget.GetStatus();
            var undisturbed = await grains.GetGrain<ITrainerGrain>("undisturbed").Train(request);
            var status = await budget.GetStatus();
            Console.WriteLine($"resumed at step {checkpointStep} of {resumed.Steps} after the kill at step >= {stepsBeforeKill}; resumed run took {clock.Elapsed.TotalSeconds:F1} s");

            // It resumed at the checkpoint and did not run the steps before it again.
            Assert.Equal(checkpointStep, resumed.ResumedAtStep);
            Assert.Equal(undisturbed.Steps, resumed.Steps);
            var plan = PlanOf(undisturbed, request.Epochs);
            long tokensBeforeCheckpoint = plan.Steps.Take(checkpointStep).Sum(s => (long)s.Rows) * plan.ContextLength;
            Assert.Equal(undisturbed.TrainTokens - tokensBeforeCheckpoint, resumed.TrainTokens);
            Assert.Equal(plan.FlopsFrom(checkpointStep), resumed.TrainFlops);

            // The same model as an undisturbed run of the same seed.
            Assert.Equal(undisturbed.FinalLoss, resumed.FinalLoss, 1e-4);
            Assert.Equal(undisturbed.Accuracy, resumed.Accuracy);
            Assert.Equal(undisturbed.BitsPerByte, resumed.BitsPerByte, 1e-4);

            // Ledger: the interrupted attempt paid at least the steps it ran (those redone after the
            // checkpoint included) and not its whole reservation; the resumed one exactly what it ran.
            Assert.True(interrupted >= plan.TotalFlops - plan.FlopsFrom(stepsBeforeKill),
                $"the interrupted attempt was charged {interrupted:E3} FLOPs, less than the {stepsBeforeKill} steps it had done");
            Assert.True(interrupted < plan.TotalFlops,
                $"the interrupted attempt was charged {interrupted:E3} FLOPs, its whole reservation, although it stopped early");
            Assert.Equal(interrupted + resumed.TrainFlops, Training(afterResume));
            Assert.Equal(interrupted + resumed.TrainFlops + undisturbed.TrainFlops, Training(status));
            Assert.Equal(resumed.EvalFlops + undisturbed.EvalFlops, status.ByCategory.Single(l => l.Name == "evaluation").SpentFlops); // evaluation never ran in the first attempt
            Assert.Equal(selection.SelectionFlops + Training(status) + resumed.EvalFlops + undisturbed.EvalFlops, status.SpentFlops, 1e-3);
            Assert.Equal(0, status.OpenReservations);
            Assert.True(status.SpentFlops <= status.TotalFlops);
            // The results are stored, so nothing will resume from their checkpoints again.
            Assert.False(Directory.Exists(checkpoints));
            Assert.False(Directory.Exists(Path.Combine(folder.Path, "models", "runs", "undisturbed")));
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }

    private static double Training(BudgetView status) => status.ByCategory.Single(l => l.Name == "training").SpentFlops;

    /// <summary>The plan the runs followed, rebuilt from the undisturbed run's tokens (whole epochs: the cap is not reached).</summary>
    internal static TrainingPlan PlanOf(TrainingResult undisturbed, int epochs)
    {
        var shape = ModelCatalog.Get("test");
        int rowsPerEpoch = checked((int)(undisturbed.TrainTokens / shape.ContextLength / epochs));
        var plan = new TrainingPlan(shape, rowsPerEpoch, shape.ContextLength, TargetFinetuner.DefaultBatchSize, epochs, 1e13);
        Assert.Equal(undisturbed.TrainFlops, plan.TotalFlops);
        return plan;
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
