using System.Diagnostics;
using OrleansSelect.Core.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace OrleansSelect.Models.Training;

/// <summary>What a training run does: the knobs besides model and data.</summary>
public sealed record TrainingRun(
    int Epochs,
    int BatchSize,
    double PeakLearningRate,
    double MaxFlops,
    int Seed,
    string? CheckpointDirectory = null,
    double GradientClip = 1.0,
    RunCheckpointing? Checkpointing = null,
    bool KeepOrder = false);

/// <summary>
/// What a run did. Tokens and Flops count the steps this call ran (from <see cref="StartStep"/>, 0
/// unless it resumed from a checkpoint); Steps is the step it ended at.
/// </summary>
public sealed record TrainingResult(long Tokens, int Steps, double Flops, double FinalLoss, IReadOnlyList<double> Losses, int StartStep = 0);

/// <summary>
/// Next-token training of a <see cref="Gpt"/> on packed sequences with AdamW and warmup-then-cosine
/// decay. Trains the parameters that require gradients (all, or the LoRA adapters). Each step runs in
/// its own dispose scope so native memory stays flat. Texts are reshuffled every epoch with the seed,
/// unless the run keeps their order (a selection's curriculum).
/// With <see cref="TrainingRun.Checkpointing"/> it writes a resume checkpoint every few steps and,
/// given one to resume from, continues after its step as the undisturbed run would have. With
/// <see cref="TrainingRun.CheckpointDirectory"/> it also keeps each epoch's end (LESS's warmup
/// scores with those), written before that step's resume checkpoint so a run resumed past an epoch
/// always finds the epoch's file.
/// </summary>
public static class LanguageModelTrainer
{
    public static TrainingResult Train(
        Gpt model, ModelShape shape, PackedSequences data, TrainingRun run, Device device,
        IProgress<TrainingProgress>? progress, CancellationToken ct, AdamW? resumeOptimizer = null)
    {
        var plan = new TrainingPlan(shape, data.RowCount, data.ContextLength, run.BatchSize, run.Epochs, run.MaxFlops);
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).ToArray();
        using var ownOptimizer = resumeOptimizer is null ? new AdamW(trainable) : null;
        var optimizer = resumeOptimizer ?? ownOptimizer!;
        var schedule = LearningRateSchedule.WarmupThenCosine(run.PeakLearningRate, Math.Max(1, plan.Steps.Count));
        var random = new Random(run.Seed);
        var losses = new List<double>(plan.Steps.Count);
        var checkpointing = run.Checkpointing;
        string planKey = RunCheckpoints.PlanKeyFor(plan, run, data.TextCount);
        int startStep = 0;
        if (checkpointing?.From is { } from)
        {
            var header = Checkpoint.Load(from.Path, model, optimizer);
            (startStep, var recent) = RunCheckpoints.StateOf(header);
            if (startStep != from.Step || header.Metadata.GetValueOrDefault("plan") != planKey || startStep > plan.Steps.Count)
                throw new InvalidOperationException($"checkpoint '{from.Path}' does not hold step {from.Step} of this plan");
            losses.AddRange(recent);
        }
        double flops = 0;
        long tokens = 0;
        var clock = Stopwatch.StartNew();
        model.train();

        int step = startStep;
        for (int epoch = 0; step < plan.Steps.Count; epoch++)
        {
            var order = Enumerable.Range(0, data.TextCount).ToArray();
            if (!run.KeepOrder)
                random.Shuffle(order); // replayed for the epochs a resumed run skips, so its order is the undisturbed run's
            if (plan.Steps[step].Epoch > epoch) continue;
            using var rows = data.Rows(order).GetEnumerator();
            for (int skipped = plan.RowsBeforeInEpoch(step); skipped > 0; skipped--) rows.MoveNext();
            while (step < plan.Steps.Count && plan.Steps[step].Epoch == epoch)
            {
                ct.ThrowIfCancellationRequested();
                int batchRows = plan.Steps[step].Rows;
                var inputs = new long[batchRows * data.ContextLength];
                var targets = new long[batchRows * data.ContextLength];
                var weights = new float[batchRows * data.ContextLength];
                for (int r = 0; r < batchRows; r++)
                {
                    rows.MoveNext();
                    var (x, y, w) = rows.Current;
                    for (int j = 0; j < x.Length; j++) inputs[r * data.ContextLength + j] = x[j];
                    Array.Copy(y, 0, targets, r * data.ContextLength, y.Length);
                    Array.Copy(w, 0, weights, r * data.ContextLength, w.Length);
                }

                double loss;
                using (NewDisposeScope())
                {
                    var xt = tensor(inputs, new long[] { batchRows, data.ContextLength }, device: device);
                    var yt = tensor(targets, new long[] { batchRows * data.ContextLength }, device: device);
                    var wt = tensor(weights, new long[] { batchRows * data.ContextLength }, device: device);
                    optimizer.ZeroGrad();
                    var logits = model.forward(xt);
                    // The weighted mean over learned targets (weights at least 1 in total): a row of
                    // ignored targets only gives 0, not NaN. With all weights 1 it is the plain mean.
                    var perToken = nn.functional.cross_entropy(logits.view(-1, logits.shape[2]), yt,
                        ignore_index: PackedSequences.IgnoredTarget, reduction: nn.Reduction.None);
                    var lossT = (perToken * wt).sum() / wt.sum().clamp_min(1);
                    lossT.backward();
                    if (run.GradientClip > 0)
                        nn.utils.clip_grad_norm_(trainable.Select(p => p.parameter), run.GradientClip);
                    optimizer.Step(schedule.At(step));
                    loss = lossT.item<float>();
                }

                losses.Add(loss);
                flops += batchRows * plan.FlopsPerRow;
                tokens += (long)batchRows * data.ContextLength;
                step++;
                bool epochEnds = step == plan.Steps.Count || plan.Steps[step].Epoch != epoch;
                if (run.CheckpointDirectory is not null && epochEnds)
                    Checkpoint.Save(Path.Combine(run.CheckpointDirectory, $"epoch-{epoch + 1}.ckpt"), model, optimizer,
                        new Dictionary<string, string> { ["epoch"] = (epoch + 1).ToString(), ["learningRate"] = schedule.At(step - 1).ToString("R") });
                if (checkpointing is not null && (step % checkpointing.EverySteps == 0 || step == plan.Steps.Count))
                    RunCheckpoints.Save(checkpointing.Directory, step, planKey, losses, model, optimizer);
                progress?.Report(new TrainingProgress(step, plan.Steps.Count, loss, tokens / Math.Max(1e-9, clock.Elapsed.TotalSeconds), flops));
            }
        }

        model.eval();
        double finalLoss = losses.Count == 0 ? double.NaN : losses.Skip(Math.Max(0, losses.Count - 10)).Average();
        return new TrainingResult(tokens, step, flops, finalLoss, losses, startStep);
    }
}
