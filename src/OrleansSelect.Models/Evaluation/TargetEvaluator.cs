using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Models.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace OrleansSelect.Models.Evaluation;

/// <summary>
/// Accuracy is the calibrated accuracy where the target allows calibration (else the raw one);
/// RawAccuracy compares the plain label log-likelihoods. Predictions holds the chosen label's index
/// per test example (calibrated like Accuracy; empty for a target without labels).
/// </summary>
public sealed record EvaluationResult(double Accuracy, double BitsPerByte, long Tokens, double Flops, int Examples,
    IReadOnlyList<int> Predictions, double RawAccuracy, IReadOnlyList<int> RawPredictions);

/// <summary>
/// Measures a model on a target's test set: accuracy by label log-likelihood (the label whose
/// tokens the model finds most likely after the prompt; summed log-probabilities, ties to the first
/// label) and bits per byte of the test texts (prompt + true response, as far as the context holds).
/// The headline accuracy is calibrated (<see cref="LabelCalibration"/>): on this family the raw label
/// likelihoods mostly measure which label the finetune left more probable overall, so raw accuracy
/// flips between all-positive and all-negative while the model's ranking of the inputs improves.
/// Calibration uses no test label and costs 2·3 extra short forwards, charged like the rest.
/// </summary>
public static class TargetEvaluator
{
    public static EvaluationResult Evaluate(Gpt model, ModelShape shape, ITokenizer tokenizer, TargetTask target, Device device,
        IProgress<EvaluationProgress>? progress = null)
    {
        var plan = new EvaluationPlan(shape, tokenizer, target);
        var labelScore = new double[target.Test.Count, Math.Max(1, target.Labels.Count)];
        var contentFreeScore = new double[plan.ContentFreePrompts.Count, Math.Max(1, target.Labels.Count)];
        double nats = 0;
        long bytes = 0;
        model.eval();
        using var _ = no_grad();
        double flopsWhenDone = 0;
        for (int batchIndex = 0; batchIndex < plan.Batches.Count; batchIndex++)
        {
            var batch = plan.Batches[batchIndex];
            flopsWhenDone += plan.BatchFlops[batchIndex];
            progress?.Report(new EvaluationProgress(batchIndex + 1, plan.Batches.Count, flopsWhenDone));
            int t = batch.Max(i => plan.Sequences[i].Inputs.Length);
            var inputs = new long[batch.Count * t];
            var targets = new long[batch.Count * t];
            for (int b = 0; b < batch.Count; b++)
            {
                var s = plan.Sequences[batch[b]];
                for (int j = 0; j < t; j++)
                {
                    inputs[b * t + j] = j < s.Inputs.Length ? s.Inputs[j] : tokenizer.BoundaryToken;
                    targets[b * t + j] = j < s.Targets.Length ? s.Targets[j] : 0;
                }
            }
            float[] logProbs;
            using (NewDisposeScope())
            {
                var x = tensor(inputs, new long[] { batch.Count, t }, device: device);
                var y = tensor(targets, new long[] { batch.Count, t, 1 }, device: device);
                var lp = nn.functional.log_softmax(model.forward(x), -1).gather(2, y).squeeze(2);
                logProbs = lp.cpu().data<float>().ToArray();
            }
            for (int b = 0; b < batch.Count; b++)
            {
                var s = plan.Sequences[batch[b]];
                int n = s.Targets.Length;
                if (s.Label >= 0)
                {
                    double sum = 0;
                    for (int j = n - s.LabelTokens; j < n; j++) sum += logProbs[b * t + j];
                    (s.ContentFree ? contentFreeScore : labelScore)[s.Example, s.Label] = sum;
                }
                if (s.ForBitsPerByte)
                {
                    for (int j = 0; j < n; j++)
                    {
                        nats -= logProbs[b * t + j];
                        bytes += tokenizer.ByteLength(s.Targets[j]);
                    }
                }
            }
        }

        double accuracy = double.NaN, rawAccuracy = double.NaN;
        int[] predictions = [], rawPredictions = [];
        if (target.IsClassification && target.Test.Count > 0)
        {
            rawPredictions = LabelCalibration.Predict(labelScore);
            predictions = plan.ContentFreePrompts.Count > 0
                ? LabelCalibration.Predict(labelScore, LabelCalibration.LogPrior(contentFreeScore))
                : rawPredictions;
            rawAccuracy = AccuracyOf(rawPredictions, target);
            accuracy = AccuracyOf(predictions, target);
        }
        double bpb = bytes == 0 ? double.NaN : nats / Math.Log(2) / bytes;
        return new EvaluationResult(accuracy, bpb, plan.Tokens, plan.Flops, target.Test.Count, predictions, rawAccuracy, rawPredictions);
    }

    private static double AccuracyOf(int[] predictions, TargetTask target) =>
        (double)predictions.Where((p, e) => string.Equals(target.Labels[p], target.Test[e].Response, StringComparison.Ordinal)).Count()
        / target.Test.Count;
}
