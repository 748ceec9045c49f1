using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Models.Evaluation;
using OrleansSelect.Models.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace OrleansSelect.Models.Tests;

public class EvaluationTests
{
    private static PoolExample Ex(string prompt, string response) => new(prompt + response, prompt, response, "s", "t");

    // A model whose weights are all zero predicts the uniform distribution over 257 tokens, so every
    // token costs ln 257 nats: the shorter label always wins raw, and bits per byte is log2 257.
    // Calibration sees the same preference for the shorter label on the content-free prompts and
    // removes it: every example ties and goes to the first label ("yes", right once in four).
    [Fact]
    public void AUniformModelPicksTheShorterLabelAndScoresLog2VocabBitsPerByte()
    {
        var shape = ModelCatalog.Get("test");
        using var model = ModelFactory.Create(shape, TestData.Fp32, seed: 1);
        using (no_grad()) foreach (var p in model.parameters()) p.zero_();
        var target = new TargetTask("tiny", [], [Ex("a:", "no"), Ex("b:", "no"), Ex("c:", "no"), Ex("d:", "yes")], ["yes", "no"]);

        var result = TargetEvaluator.Evaluate(model, shape, ByteTokenizer.Instance, target, CPU);

        Assert.Equal(0.75, result.RawAccuracy, 10);
        Assert.Equal([1, 1, 1, 1], result.RawPredictions);
        Assert.Equal(0.25, result.Accuracy, 10);
        Assert.Equal([0, 0, 0, 0], result.Predictions);
        Assert.Equal(Math.Log2(257), result.BitsPerByte, 4);
    }

    [Fact]
    public void EvaluationFlopsCountEveryPaddedSequence()
    {
        var shape = ModelCatalog.Get("test");
        var target = new TargetTask("tiny", [], [Ex("a:", "no"), Ex("bb:", "yes")], ["yes", "no"]);
        var plan = new EvaluationPlan(shape, ByteTokenizer.Instance, target);
        // Sequences (boundary + prompt + label, minus the last token as input): "a:yes" 5, "a:no" 4,
        // "bb:yes" 6, "bb:no" 5, and for calibration the template "…:" filled with "N/A", "" and
        // "[MASK]": "N/A:yes" 7, "N/A:no" 6, ":yes" 4, ":no" 3, "[MASK]:yes" 10, "[MASK]:no" 9
        // → one batch of 10 at T=10.
        Assert.Equal(["N/A:", ":", "[MASK]:"], plan.ContentFreePrompts);
        Assert.Equal(10, plan.Sequences.Count);
        Assert.Equal(6, plan.Sequences.Count(s => s.ContentFree));
        Assert.Single(plan.Batches);
        Assert.Equal(100, plan.Tokens);
        Assert.Equal(100 * FlopModel.ForwardFlopsPerToken(shape, 10), plan.Flops, 6);
    }

    [Fact]
    public void LongPromptsAreCutFromTheLeftSoTheLabelIsScored()
    {
        var shape = ModelCatalog.Get("test");
        var target = new TargetTask("long", [], [Ex(new string('x', 500), "no")], ["yes", "no"]);
        var plan = new EvaluationPlan(shape, ByteTokenizer.Instance, target);
        Assert.All(plan.Sequences, s => Assert.Equal(shape.ContextLength, s.Inputs.Length));
        var no = plan.Sequences.Single(s => s.Label == 1);
        Assert.Equal("no"u8.ToArray().Select(b => (int)b), no.Targets[^2..]);
    }
}
