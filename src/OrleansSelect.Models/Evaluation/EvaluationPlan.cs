using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Models.Tokenization;

namespace OrleansSelect.Models.Evaluation;

/// <summary>
/// The sequences an evaluation scores and how they are batched, known without a model, so that
/// the FLOPs charged for an evaluation can be estimated exactly before it runs.
/// For a classification target every test example is scored once per label (boundary + prompt +
/// label, left-truncated to the context); the sequence with the true label also gives bits per
/// byte. For other targets each test text is scored once, for bits per byte.
/// A classification target with a prompt template (see <see cref="PromptTemplate"/>) also scores
/// each label after each content-free prompt, for calibration; those forwards are in the FLOPs.
/// </summary>
public sealed class EvaluationPlan
{
    /// <summary>
    /// One scored sequence: inputs and next-token targets, and how many final targets are the label.
    /// For a content-free sequence, Example indexes <see cref="ContentFreePrompts"/> instead of the test set.
    /// </summary>
    public sealed record Sequence(int Example, int Label, int[] Inputs, int[] Targets, int LabelTokens, bool ForBitsPerByte, bool ContentFree = false);

    public IReadOnlyList<Sequence> Sequences { get; }
    public IReadOnlyList<IReadOnlyList<int>> Batches { get; }
    public double Flops { get; }

    /// <summary>Each batch's forward FLOPs, in batch order; they sum to <see cref="Flops"/>.</summary>
    public IReadOnlyList<double> BatchFlops { get; }
    public long Tokens { get; }

    /// <summary>The calibration inputs (empty when the target has no labels or no template).</summary>
    public IReadOnlyList<string> ContentFreePrompts { get; }

    public EvaluationPlan(ModelShape shape, ITokenizer tokenizer, TargetTask target, int batchTokens = 8192)
    {
        var sequences = new List<Sequence>();
        var labelTokens = target.Labels.Select(tokenizer.Encode).ToArray();
        for (int e = 0; e < target.Test.Count; e++)
        {
            var example = target.Test[e];
            var prompt = tokenizer.Encode(example.Prompt);
            bool responseIsLabel = false;
            if (target.IsClassification)
            {
                for (int l = 0; l < target.Labels.Count; l++)
                {
                    bool isTrue = string.Equals(target.Labels[l], example.Response, StringComparison.Ordinal);
                    responseIsLabel |= isTrue;
                    sequences.Add(Make(e, l, prompt, labelTokens[l], tokenizer.BoundaryToken, shape.ContextLength, isTrue));
                }
            }
            if (!responseIsLabel)
                sequences.Add(Make(e, -1, prompt, tokenizer.Encode(example.Response), tokenizer.BoundaryToken, shape.ContextLength, true));
        }
        var template = target.IsClassification ? PromptTemplate.Infer(target.Test.Select(t => t.Prompt).ToList()) : null;
        ContentFreePrompts = template?.ContentFreePrompts() ?? [];
        for (int k = 0; k < ContentFreePrompts.Count; k++)
        {
            var prompt = tokenizer.Encode(ContentFreePrompts[k]);
            for (int l = 0; l < target.Labels.Count; l++)
                sequences.Add(Make(k, l, prompt, labelTokens[l], tokenizer.BoundaryToken, shape.ContextLength, false) with { ContentFree = true });
        }
        Sequences = sequences;

        // Sorting by length keeps padding small; batches hold at most batchTokens padded tokens.
        var order = Enumerable.Range(0, sequences.Count).OrderBy(i => sequences[i].Inputs.Length).ThenBy(i => i).ToArray();
        var batches = new List<IReadOnlyList<int>>();
        var current = new List<int>();
        foreach (int i in order)
        {
            int len = sequences[i].Inputs.Length;
            if (current.Count > 0 && (current.Count + 1) * len > batchTokens)
            {
                batches.Add(current);
                current = new List<int>();
            }
            current.Add(i);
        }
        if (current.Count > 0) batches.Add(current);
        Batches = batches;

        double flops = 0;
        long tokens = 0;
        var batchFlops = new List<double>(batches.Count);
        foreach (var b in batches)
        {
            int t = b.Max(i => sequences[i].Inputs.Length);
            tokens += (long)b.Count * t;
            batchFlops.Add(FlopModel.ForwardFlops(shape, (long)b.Count * t, t));
            flops += batchFlops[^1];
        }
        BatchFlops = batchFlops;
        Flops = flops;
        Tokens = tokens;
    }

    private static Sequence Make(int example, int label, int[] prompt, int[] answer, int boundary, int context, bool forBpb)
    {
        var all = new int[1 + prompt.Length + answer.Length];
        all[0] = boundary;
        prompt.CopyTo(all, 1);
        answer.CopyTo(all, 1 + prompt.Length);
        int start = Math.Max(0, all.Length - 1 - context);  // keep the tail: the label must be scored
        int n = all.Length - 1 - start;
        return new Sequence(example, label, all[start..(start + n)], all[(start + 1)..(start + 1 + n)], Math.Min(answer.Length, n), forBpb);
    }
}
