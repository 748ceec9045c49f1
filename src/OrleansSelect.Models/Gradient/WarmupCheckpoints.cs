using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Models.Training;

namespace OrleansSelect.Models.Gradient;

/// <summary>
/// LESS's warmup: the selector with LoRA adapters trained on the pool sample by the one trainer,
/// which keeps each epoch's end with its AdamW moments in prepare's work folder (the checkpoints
/// the method scores with). A warmup cut short resumes as every training run does, from the
/// trainer's step checkpoint (<see cref="RunCheckpoints"/>), written there at each epoch's end, and
/// continues as if never stopped.
/// </summary>
public static class WarmupCheckpoints
{
    /// <summary>The seed of the adapters' initialisation and the warmup's shuffles (the sample itself is drawn with the selection's seed).</summary>
    public const int Seed = 0;

    public static string PathOf(string workDirectory, int epoch) => Path.Combine(workDirectory, $"epoch-{epoch}.ckpt");

    /// <summary>The warmup's steps over a sample of <paramref name="sampleTokens"/> tokens: estimate and run use this one plan.</summary>
    public static TrainingPlan Plan(ModelShape shape, GradientSettings options, long sampleTokens) =>
        new(shape, PackedSequences.RowsFor(sampleTokens, shape.ContextLength), shape.ContextLength, options.WarmupBatchRows, options.WarmupEpochs, double.MaxValue);

    /// <summary>
    /// The step checkpoint a warmup in <paramref name="workDirectory"/> resumes after, or null to start
    /// at step 0; a file that cannot be resumed from is removed, so estimate and run agree on what is left.
    /// </summary>
    public static ResumePoint? FindResumePoint(ModelShape shape, GradientSettings options, TrainingPlan plan, int sampleExamples, string workDirectory) =>
        RunCheckpoints.FindLatest(workDirectory, GptConfig.From(shape) with { LoraRank = options.LoraRank },
            RunCheckpoints.PlanKeyFor(plan, Run(options, plan, workDirectory, from: null), sampleExamples), rejected: []);

    /// <summary>Trains the steps not yet checkpointed; returns their FLOPs (those <paramref name="flopsDone"/> was told of).</summary>
    public static double Train(
        ModelShape shape, SelectorModel selector, GradientSettings options, PackedSequences data, ComputeOptions compute,
        string workDirectory, Action<double> flopsDone, CancellationToken cancellation)
    {
        var plan = Plan(shape, options, data.StreamLength);
        var from = FindResumePoint(shape, options, plan, data.TextCount, workDirectory);
        if (from?.Step == plan.Steps.Count)
            return 0.0; // done: every epoch's checkpoint was written before the last step's
        using var model = ModelFactory.Create(shape, compute, Seed, selector.CheckpointPath, options.LoraRank);
        model.FreezeAllButAdapters();
        var result = LanguageModelTrainer.Train(model, shape, data, Run(options, plan, workDirectory, from), ModelFactory.DeviceFor(compute),
            new FlopsReporter(flopsDone), cancellation);
        return result.Flops;
    }

    /// <summary>The mean learning rate of <paramref name="epoch"/>'s steps under the trainer's schedule: the checkpoint's weight in LESS's sum.</summary>
    public static double MeanLearningRate(TrainingPlan plan, GradientSettings options, int epoch)
    {
        var schedule = LearningRateSchedule.WarmupThenCosine(options.WarmupLearningRate, Math.Max(1, plan.Steps.Count));
        var rates = Enumerable.Range(0, plan.Steps.Count).Where(s => plan.Steps[s].Epoch == epoch - 1).Select(schedule.At).ToList();
        return rates.Count == 0 ? 0.0 : rates.Average();
    }

    // Resume checkpoints at each epoch's end, as often as LESS keeps its own: one a step would write a
    // whole model per step of a warmup that runs thousands at full size.
    private static TrainingRun Run(GradientSettings options, TrainingPlan plan, string workDirectory, ResumePoint? from) =>
        new(options.WarmupEpochs, options.WarmupBatchRows, options.WarmupLearningRate, double.MaxValue, Seed, workDirectory,
            Checkpointing: new RunCheckpointing(workDirectory, Math.Max(1, plan.Steps.Count / options.WarmupEpochs), from));

    // Synchronous: Progress<T> would post to the thread pool and report after the work moved on.
    private sealed class FlopsReporter(Action<double> flopsDone) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => flopsDone(value.FlopsSoFar);
    }
}
