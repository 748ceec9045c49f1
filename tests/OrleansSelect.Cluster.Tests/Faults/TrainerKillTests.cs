using System.Diagnostics;
using OrleansSelect.Abstractions;
using OrleansSelect.Cluster.Tests.Postgres;
using OrleansSelect.Grains.Services;
using Xunit.Abstractions;

namespace OrleansSelect.Cluster.Tests.Faults;

/// <summary>
/// Three real silo processes on PostgreSQL; the one running a training run is killed with SIGKILL
/// after a few checkpoints. The client waits as `train` does, so the run is started again on a
/// survivor: it must resume from the last checkpoint, end with the model an undisturbed run of the
/// same seed makes, and leave an exact ledger (see <see cref="FaultLedger.AssertTrainingExactAsync"/>).
/// The in-process version, a whole cluster stopped, is <see cref="TrainerCrashTests"/>.
/// </summary>
public class TrainerKillTests(ITestOutputHelper output)
{
    private const int CheckpointEvery = 8;

    [PostgresFact]
    public async Task A_training_run_resumes_from_its_last_checkpoint_on_a_survivor_when_its_silo_is_killed()
    {
        await using var cluster = await FaultCluster.StartAsync(silos: 3, checkpointEvery: CheckpointEvery);
        try
        {
            var (poolPath, targetDirectory) = TestData.Write(cluster.Home);
            var pool = $"run-{cluster.Tag}";
            var selection = await FaultSelection.RunAsync(cluster.Grains, pool, "bm25", poolPath, targetDirectory);
            // The selection is small (5% of the pool), so many epochs give a run of a few hundred steps.
            var request = new TrainingRequest(FaultSelection.SelectionOf(pool), "test", null, targetDirectory,
                FaultSelection.BudgetOf(pool), MaxTrainFlops: 1e13, Epochs: 15, Seed: 3);
            var runId = $"train-{cluster.Tag}";
            var trainer = cluster.Grains.GetGrain<ITrainerGrain>(runId);
            var disturbed = JobPolling.WaitAsync(() => trainer.Train(request), trainer.GetProgress, onProgress: null);

            int stepsBeforeKill = await WaitForStepAsync(trainer, disturbed, 2 * CheckpointEvery + CheckpointEvery / 2);
            var host = await cluster.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(trainer)
                ?? throw new InvalidOperationException("the training run has no activation to find its silo by");
            var victim = cluster.Silos.Single(s => s.SiloPort == host.Endpoint.Port);
            var clock = Stopwatch.StartNew();
            victim.KillHard();
            int checkpointStep = LastCheckpointStep(Path.Combine(cluster.Home, "models", "runs", runId));
            output.WriteLine($"killed the training run's silo on port {victim.SiloPort} at step >= {stepsBeforeKill}; its last checkpoint is at step {checkpointStep}");

            var resumed = await disturbed.WaitAsync(TimeSpan.FromMinutes(3));
            output.WriteLine($"time to recovery: the run completed {clock.Elapsed.TotalSeconds:F1} s after the kill, resumed at step {resumed.ResumedAtStep} of {resumed.Steps}");

            // The undisturbed run of the same request, on the survivors, charged to the same budget.
            var undisturbed = await JobPolling.WaitAsync(() => cluster.Grains.GetGrain<ITrainerGrain>($"ref-{runId}").Train(request),
                cluster.Grains.GetGrain<ITrainerGrain>($"ref-{runId}").GetProgress, onProgress: null);
            output.WriteLine($"the undisturbed run took {undisturbed.WallTime.TotalSeconds:F1} s");

            // It resumed at the last checkpoint and did not run the steps before it again.
            Assert.True(checkpointStep > 0 && checkpointStep % CheckpointEvery == 0, $"checkpoint at step {checkpointStep}");
            Assert.Equal(checkpointStep, resumed.ResumedAtStep);
            Assert.Equal(0, undisturbed.ResumedAtStep);
            Assert.Equal(undisturbed.Steps, resumed.Steps);
            var plan = TrainerCrashTests.PlanOf(undisturbed, request.Epochs);
            Assert.Equal(plan.FlopsFrom(checkpointStep), resumed.TrainFlops);

            // The same model as the undisturbed run (the tolerance of the in-process test).
            Assert.Equal(undisturbed.FinalLoss, resumed.FinalLoss, 1e-4);
            Assert.Equal(undisturbed.Accuracy, resumed.Accuracy);
            Assert.Equal(undisturbed.BitsPerByte, resumed.BitsPerByte, 1e-4);

            var (interrupted, totals) = await FaultLedger.AssertTrainingExactAsync(cluster, request.BudgetName, runId, resumed, $"ref-{runId}", undisturbed);
            // The interrupted attempt paid at least the steps it ran and not its whole reservation.
            Assert.True(interrupted >= plan.TotalFlops - plan.FlopsFrom(stepsBeforeKill),
                $"the interrupted attempt was charged {interrupted:E3} FLOPs, less than the {stepsBeforeKill} steps it had done");
            Assert.True(interrupted < plan.TotalFlops,
                $"the interrupted attempt was charged {interrupted:E3} FLOPs, its whole reservation, although it stopped early");
            output.WriteLine($"selection {selection.SelectionFlops:E4} FLOPs; {totals}");
            // The results are stored, so nothing will resume from their checkpoints again.
            Assert.False(Directory.Exists(Path.Combine(cluster.Home, "models", "runs", runId)));
        }
        catch
        {
            cluster.WriteSiloOutput(output);
            throw;
        }
    }

    /// <summary>Returns the step the run has reported once it is at least <paramref name="step"/>.</summary>
    private static async Task<int> WaitForStepAsync(ITrainerGrain trainer, Task running, int step)
    {
        var giveUpAt = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!running.IsCompleted && DateTime.UtcNow < giveUpAt)
        {
            var progress = await trainer.GetProgress();
            if (progress.Phase == "training" && progress.Done >= step)
                return (int)progress.Done;
            await Task.Delay(10);
        }
        if (running.IsCompleted)
            await running; // surfaces its error
        throw new InvalidOperationException($"the training run did not reach step {step}; it ended or stalled first");
    }

    /// <summary>The newest resume checkpoint's step (an older one is removed only after a newer one is written).</summary>
    private static int LastCheckpointStep(string runFolder) =>
        Directory.Exists(runFolder)
            ? Directory.GetFiles(runFolder, "step-*.ckpt").Select(f => int.Parse(Path.GetFileNameWithoutExtension(f)["step-".Length..])).DefaultIfEmpty(0).Max()
            : 0;
}
