using System.Diagnostics;
using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Models.Evaluation;
using OrleansSelect.Models.Training;

namespace OrleansSelect.Models;

/// <summary>
/// Finetunes a model of the family on a set of examples and measures it on the target's test set,
/// charging FLOPs from <see cref="FlopModel"/> for the tokens actually processed. The trainer grain's
/// single entry point into the model family.
/// </summary>
public static class TargetFinetuner
{
    /// <summary>Peak learning rates from scratch and for LoRA adapters.</summary>
    public const double ScratchLearningRate = 1e-3;
    public const double LoraLearningRate = 1e-3;

    /// <summary>
    /// Peak learning rate for finetuning all weights of a pretrained base: 1e-3 up to a width of 128,
    /// then shrinking as 1/width, as wider layers take larger steps from the same rate. Measured on
    /// yelp over 10 epochs: micro (width 128) reached 68.5% at 1e-3 against 66.5% at 3e-4; large
    /// (width 384, on a 3M-token base) 64.7% at 1e-3 against 70.3% at 3e-4 and 70.8% at 1e-4.
    /// </summary>
    public static double FullFinetuneLearningRate(ModelShape shape) => 1e-3 * Math.Min(1.0, 128.0 / shape.DModel);

    /// <summary>
    /// Loss weight of response tokens (prompt tokens weigh 1). A label is a token or two of ~30 per
    /// example; at weight 1 the finetune learned the review texts and not the labels (yelp accuracy
    /// 50% on nano), at 10 nano reached 57-60% and micro 68.5%, at 30 micro 72.5%, while the test
    /// texts' bits per byte moved by less than 0.01.
    /// </summary>
    public const double DefaultResponseLossWeight = 30.0;

    /// <summary>
    /// Epochs of `model finetune` over the ~2,000 sentiment examples. On yelp, 5 against 10 epochs:
    /// large 76.5-80.2% (4 seeds) against 62.3-72.5% (3 seeds), small 70.0-75.0% against 66.7-71.8% (2 seeds each),
    /// micro 68.5-75.7% against 68.8-72.5%; more epochs overfit the larger sizes. Only nano, the
    /// selector size, does better with 10 (64.5% against 56.8%).
    /// </summary>
    public const int DefaultEpochs = 5;

    /// <summary>Rows of the context length per step: small batches give the ~2,000-example finetunes enough steps.</summary>
    public const int DefaultBatchSize = 2;

    public static FinetuneOutcome Run(FinetuneJob job, IProgress<TrainingProgress>? progress, CancellationToken ct,
        IProgress<EvaluationProgress>? evaluationProgress = null)
    {
        var clock = Stopwatch.StartNew();
        var (model, trained) = Train(job, progress, ct);
        using (model)
        {
            ct.ThrowIfCancellationRequested();
            var shape = ModelCatalog.Get(job.SizeName);
            var eval = TargetEvaluator.Evaluate(model, shape, TokenCounting.TokenizerFor(job.SizeName), job.Target,
                ModelFactory.DeviceFor(job.Compute), evaluationProgress);
            return new FinetuneOutcome(trained.Tokens, trained.Steps, trained.Flops, eval.Flops,
                trained.FinalLoss, eval.Accuracy, eval.BitsPerByte, clock.Elapsed, eval.RawAccuracy, trained.StartStep);
        }
    }

    /// <summary>The training half of <see cref="Run"/>: the trained model (in eval mode; the caller disposes it) and what training cost.</summary>
    public static (Gpt Model, Training.TrainingResult Trained) Train(FinetuneJob job, IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        Validate(job);
        var shape = ModelCatalog.Get(job.SizeName);
        var device = ModelFactory.DeviceFor(job.Compute);
        var model = ModelFactory.Create(shape, job.Compute, job.Seed, job.BaseCheckpointPath, job.LoraRank);
        try
        {
            if (job.LoraRank > 0) model.FreezeAllButAdapters();
            var data = new PackedSequences(job.Train, shape.ContextLength, job.ResponseOnlyLoss ? 0f : 1f, (float)job.ResponseLossWeight);
            return (model, LanguageModelTrainer.Train(model, shape, data, RunFor(job), device, progress, ct));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// What <see cref="Run"/> will charge for training at most (exactly, unless cancelled): the
    /// steps from the one it resumes after, all of them for a fresh run.
    /// </summary>
    public static double EstimateTrainFlops(FinetuneJob job)
    {
        Validate(job);
        return PlanFor(job).FlopsFrom(job.Checkpointing?.From?.Step ?? 0);
    }

    /// <summary>
    /// The newest good checkpoint of this job's plan in its checkpoint folder, or null to start at
    /// step 0. Each file passed over (cut short, garbled, of another plan) is removed and described in
    /// <paramref name="rejected"/>, for the caller to warn about.
    /// </summary>
    public static ResumePoint? FindResumePoint(FinetuneJob job, List<string> rejected)
    {
        Validate(job);
        if (job.Checkpointing is not { } checkpointing) return null;
        var plan = PlanFor(job);
        var config = GptConfig.From(ModelCatalog.Get(job.SizeName)) with { LoraRank = job.LoraRank };
        return RunCheckpoints.FindLatest(checkpointing.Directory, config,
            RunCheckpoints.PlanKeyFor(plan, RunFor(job), job.Train.Count), rejected);
    }

    // The plan the trainer will follow, from token counts alone (the run packs the same tokens: same rows).
    private static TrainingPlan PlanFor(FinetuneJob job)
    {
        var shape = ModelCatalog.Get(job.SizeName);
        int rows = PackedSequences.RowsFor(job.Train.StreamLength, shape.ContextLength);
        return new TrainingPlan(shape, rows, shape.ContextLength, job.BatchSize, job.Epochs, job.MaxTrainFlops);
    }

    private static TrainingRun RunFor(FinetuneJob job) =>
        new(job.Epochs, job.BatchSize, LearningRateFor(job), job.MaxTrainFlops, job.Seed, job.CheckpointDirectory, Checkpointing: job.Checkpointing,
            KeepOrder: job.KeepOrder);

    /// <summary>What evaluating a model of <paramref name="sizeName"/> on <paramref name="target"/> costs (exactly).</summary>
    public static double EstimateEvalFlops(string sizeName, TargetTask target) =>
        new EvaluationPlan(ModelCatalog.Get(sizeName), TokenCounting.TokenizerFor(sizeName), target).Flops;

    /// <summary>Refuses a base checkpoint that holds a model of another shape than <paramref name="sizeName"/>, before any work or charge.</summary>
    public static void CheckBaseCheckpoint(string sizeName, string? baseCheckpointPath)
    {
        if (baseCheckpointPath is not null)
            Checkpoint.EnsureShape(baseCheckpointPath, GptConfig.From(ModelCatalog.Get(sizeName)));
    }

    private static double LearningRateFor(FinetuneJob job) =>
        job.LearningRate ?? (job.LoraRank > 0 ? LoraLearningRate
            : job.BaseCheckpointPath is null ? ScratchLearningRate : FullFinetuneLearningRate(ModelCatalog.Get(job.SizeName)));

    private static void Validate(FinetuneJob job)
    {
        var shape = ModelCatalog.Get(job.SizeName);
        if (job.Train.Tokenizer.VocabSize != shape.VocabSize)
            throw new InvalidOperationException($"The training tokens come from a tokenizer of {job.Train.Tokenizer.VocabSize} tokens; size '{shape.Name}' reads {shape.VocabSize}.");
        if (job.Epochs < 1) throw new Core.UserInputException($"Epochs must be at least 1, not {job.Epochs}.");
        if (job.BatchSize < 1) throw new Core.UserInputException($"Batch size must be at least 1, not {job.BatchSize}.");
        if (job.LoraRank < 0) throw new Core.UserInputException($"LoRA rank must be 0 (full finetune) or more, not {job.LoraRank}.");
        if (!(job.ResponseLossWeight > 0)) throw new Core.UserInputException($"The response loss weight must be positive, not {job.ResponseLossWeight}.");
        if (job.MaxTrainFlops < 0) throw new Core.UserInputException($"The training FLOP cap must not be negative ({job.MaxTrainFlops}).");
        if (job.Checkpointing is { EverySteps: < 1 } c) throw new Core.UserInputException($"Checkpoints must be written every 1 step or more, not every {c.EverySteps}.");
        CheckBaseCheckpoint(job.SizeName, job.BaseCheckpointPath);
    }
}
