using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Models.Training;

namespace OrleansSelect.Models.Gradient;

/// <summary>
/// LESS's warmup: the selector with LoRA adapters trained on the pool sample by the one trainer,
/// which saves a checkpoint per epoch with its AdamW moments in prepare's work folder. A warmup
/// cut short resumes from the last checkpoint there and continues as if never stopped.
/// </summary>
public static class WarmupCheckpoints
{
    /// <summary>The seed of the adapters' initialisation and the warmup's shuffles (the sample itself is drawn with the selection's seed).</summary>
    public const int Seed = 0;

    public static string PathOf(string workDirectory, int epoch) => Path.Combine(workDirectory, $"epoch-{epoch}.ckpt");

    /// <summary>The last epoch whose checkpoint is on disk (0 when none).</summary>
    public static int LastEpoch(string workDirectory, int epochs)
    {
        for (var epoch = epochs; epoch >= 1; epoch--)
            if (File.Exists(PathOf(workDirectory, epoch)))
                return epoch;
        return 0;
    }

    /// <summary>Trains the epochs not yet on disk; returns their FLOPs (those <paramref name="flopsDone"/> was told of).</summary>
    public static double Train(
        ModelShape shape, SelectorModel selector, GradientSettings options, PackedSequences data, ComputeOptions compute,
        string workDirectory, Action<double> flopsDone, CancellationToken cancellation)
    {
        var done = LastEpoch(workDirectory, options.WarmupEpochs);
        if (done == options.WarmupEpochs)
            return 0.0;
        using var model = ModelFactory.Create(shape, compute, Seed, selector.CheckpointPath, options.LoraRank);
        model.FreezeAllButAdapters();
        using var optimizer = new AdamW(model.named_parameters().Where(p => p.parameter.requires_grad));
        if (done > 0)
            Checkpoint.Load(PathOf(workDirectory, done), model, optimizer);
        var run = new TrainingRun(options.WarmupEpochs, options.WarmupBatchRows, options.WarmupLearningRate, double.MaxValue, Seed,
            workDirectory, FirstEpoch: done);
        var result = LanguageModelTrainer.Train(model, shape, data, run, ModelFactory.DeviceFor(compute),
            new FlopsReporter(flopsDone), cancellation, optimizer);
        return result.Flops;
    }

    /// <summary>The mean learning rate of <paramref name="epoch"/>'s steps under the trainer's schedule: the checkpoint's weight in LESS's sum.</summary>
    public static double MeanLearningRate(TrainingPlan plan, GradientSettings options, int epoch)
    {
        var schedule = LearningRateSchedule.WarmupThenCosine(options.WarmupLearningRate, Math.Max(1, plan.Steps.Count));
        var rates = Enumerable.Range(0, plan.Steps.Count).Where(s => plan.Steps[s].Epoch == epoch - 1).Select(schedule.At).ToList();
        return rates.Count == 0 ? 0.0 : rates.Average();
    }

    // Synchronous: Progress<T> would post to the thread pool and report after the work moved on.
    private sealed class FlopsReporter(Action<double> flopsDone) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => flopsDone(value.FlopsSoFar);
    }
}
