using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Models.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace OrleansSelect.Models.Evaluation;

/// <summary>Predictions holds the chosen label's index per test example (empty for a target without labels).</summary>
public sealed record EvaluationResult(double Accuracy, double BitsPerByte, long Tokens, double Flops, int Examples, IReadOnlyList<int> Predictions);

/// <summary>
/// Measures a model on a target's test set: accuracy by label log-likelihood (the label whose
/// tokens the model finds most likely after the prompt; summed log-probabilities, ties to the first
/// label) and bits per byte of the test texts (prompt + true response, as far as the context holds).
/// </summary>
public static class TargetEvaluator
{
    public static EvaluationResult Evaluate(Gpt model, ModelShape shape, ITokenizer tokenizer, TargetTask target, Device device)
    {
        var plan = new EvaluationPlan(shape, tokenizer, target);
        var labelScore = new double[target.Test.Count, Math.Max(1, target.Labels.Count)];
        double nats = 0;
        long bytes = 0;
        model.eval();
        using var _ = no_grad();
        foreach (var batch in plan.Batches)
        {
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
                    labelScore[s.Example, s.Label] = sum;
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

        double accuracy = double.NaN;
        var predictions = new List<int>();
        if (target.IsClassification && target.Test.Count > 0)
        {
            int correct = 0;
            for (int e = 0; e < target.Test.Count; e++)
            {
                int best = 0;
                for (int l = 1; l < target.Labels.Count; l++)
                    if (labelScore[e, l] > labelScore[e, best]) best = l;
                predictions.Add(best);
                if (string.Equals(target.Labels[best], target.Test[e].Response, StringComparison.Ordinal)) correct++;
            }
            accuracy = (double)correct / target.Test.Count;
        }
        double bpb = bytes == 0 ? double.NaN : nats / Math.Log(2) / bytes;
        return new EvaluationResult(accuracy, bpb, plan.Tokens, plan.Flops, target.Test.Count, predictions);
    }
}
