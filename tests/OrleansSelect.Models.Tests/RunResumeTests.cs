using OrleansSelect.Models.Training;

namespace OrleansSelect.Models.Tests;

/// <summary>A finetune stopped partway resumes from its last step checkpoint and ends where an undisturbed run ends.</summary>
public class RunResumeTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"resume-{Guid.NewGuid():N}");

    private FinetuneJob Job(int everySteps = 4) => new("test", null, TestData.Tokens(TestData.Examples(40)), TestData.Target(), double.MaxValue,
        Epochs: 3, Seed: 5, TestData.Fp32, Checkpointing: new RunCheckpointing(_dir, everySteps));

    /// <summary>Runs the job, recording each step's loss; stops (as a dying silo would) once <paramref name="stopAfter"/> steps are done.</summary>
    private static (FinetuneOutcome? Outcome, SortedDictionary<int, double> Losses) Run(FinetuneJob job, int stopAfter = int.MaxValue)
    {
        var losses = new SortedDictionary<int, double>();
        using var stop = new CancellationTokenSource();
        var progress = new Progress(p =>
        {
            losses[p.Step] = p.Loss;
            if (p.Step >= stopAfter) stop.Cancel();
        });
        try
        {
            return (TargetFinetuner.Run(job, progress, stop.Token), losses);
        }
        catch (OperationCanceledException)
        {
            return (null, losses);
        }
    }

    private FinetuneJob Resumed(FinetuneJob job, List<string> rejected) =>
        job with { Checkpointing = job.Checkpointing! with { From = TargetFinetuner.FindResumePoint(job, rejected) } };

    [Fact]
    public void A_run_stopped_after_19_steps_resumes_at_step_16_and_ends_as_the_undisturbed_run()
    {
        var (undisturbed, undisturbedLosses) = Run(Job() with { Checkpointing = null });
        Assert.True(undisturbed!.Steps > 30, $"the plan has {undisturbed.Steps} steps; the test needs more than two epochs' worth past step 16");

        var (stopped, stoppedLosses) = Run(Job(), stopAfter: 19);
        Assert.Null(stopped);
        Assert.Equal(undisturbedLosses.Take(19), stoppedLosses); // stopping is all that differed
        // Written every 4 steps, each replacing the one before: only step 16's is left.
        Assert.Equal(["step-000000016.ckpt"], Directory.GetFiles(_dir).Select(Path.GetFileName));

        var rejected = new List<string>();
        var resumedJob = Resumed(Job(), rejected);
        Assert.Empty(rejected);
        Assert.Equal(16, resumedJob.Checkpointing!.From!.Step);
        double reserved = TargetFinetuner.EstimateTrainFlops(resumedJob);
        var (resumed, resumedLosses) = Run(resumedJob);

        Assert.Equal(16, resumed!.ResumedAtStep);
        Assert.Equal(17, resumedLosses.Keys.First()); // steps 1-16 were not run again
        Assert.Equal(undisturbed.Steps, resumed.Steps);
        // Every step after the checkpoint sees the same weights, moments, data and learning rate as undisturbed.
        foreach (var (step, loss) in resumedLosses)
            Assert.True(Math.Abs(loss - undisturbedLosses[step]) < 1e-5, $"step {step}: loss {loss} resumed, {undisturbedLosses[step]} undisturbed");
        Assert.Equal(undisturbed.FinalLoss, resumed.FinalLoss, 1e-5);
        Assert.Equal(undisturbed.Accuracy, resumed.Accuracy);
        Assert.Equal(undisturbed.BitsPerByte, resumed.BitsPerByte, 1e-4);
        // It charges exactly what it reserved: the steps after 16, less than the whole run.
        Assert.Equal(reserved, resumed.TrainFlops);
        Assert.True(resumed.TrainFlops < undisturbed.TrainFlops);
        Assert.Equal(TargetFinetuner.EstimateTrainFlops(Job()), undisturbed.TrainFlops);
    }

    [Fact]
    public void A_cut_short_newest_checkpoint_is_passed_over_with_a_warning_naming_it_for_the_good_one_before()
    {
        var (undisturbed, _) = Run(Job() with { Checkpointing = null });
        Run(Job(), stopAfter: 13);
        var twelve = RunCheckpoints.PathFor(_dir, 12);
        var kept = File.ReadAllBytes(twelve);
        Run(Resumed(Job(), []), stopAfter: 19); // resumes at 12, writes 16 and removes 12
        File.WriteAllBytes(twelve, kept);
        var sixteen = RunCheckpoints.PathFor(_dir, 16);
        var bytes = File.ReadAllBytes(sixteen);
        File.WriteAllBytes(sixteen, bytes[..(bytes.Length / 2)]);

        var rejected = new List<string>();
        var resumedJob = Resumed(Job(), rejected);

        Assert.Equal(12, resumedJob.Checkpointing!.From!.Step);
        var warning = Assert.Single(rejected);
        Assert.Contains(sixteen, warning);
        Assert.Contains("truncated", warning);
        Assert.False(File.Exists(sixteen));
        var (resumed, _) = Run(resumedJob);
        Assert.Equal(12, resumed!.ResumedAtStep);
        Assert.Equal(undisturbed!.FinalLoss, resumed.FinalLoss, 1e-5);
        Assert.Equal(undisturbed.Accuracy, resumed.Accuracy);
    }

    [Fact]
    public void A_garbled_only_checkpoint_starts_the_run_over_at_step_0_with_a_warning()
    {
        var (undisturbed, _) = Run(Job() with { Checkpointing = null });
        Run(Job(), stopAfter: 10);
        var eight = RunCheckpoints.PathFor(_dir, 8);
        var bytes = File.ReadAllBytes(eight);
        bytes[0] ^= 0xFF; // the magic's length byte: not a checkpoint any more
        File.WriteAllBytes(eight, bytes);

        var rejected = new List<string>();
        var resumedJob = Resumed(Job(), rejected);

        Assert.Null(resumedJob.Checkpointing!.From);
        Assert.Contains(eight, Assert.Single(rejected));
        var (resumed, _) = Run(resumedJob);
        Assert.Equal(0, resumed!.ResumedAtStep);
        Assert.Equal(undisturbed!.TrainFlops, resumed.TrainFlops);
        Assert.Equal(undisturbed.FinalLoss, resumed.FinalLoss, 1e-5);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    // Reports synchronously on the training thread, as the trainer grain's reporter does.
    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
