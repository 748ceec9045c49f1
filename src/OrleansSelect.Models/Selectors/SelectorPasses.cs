using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Models.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace OrleansSelect.Models.Selectors;

/// <summary>
/// Forward passes of a selector over examples, as the model-based methods score them. An example is
/// the token sequence training packs (the boundary, its prompt, its response: as many tokens as
/// <see cref="TokenCounting.CountTokens"/> counts), each position predicting the next and the last
/// the closing boundary. Sequences longer than the context are cut into windows of the context
/// length. Windows are sorted by length and cut into batches of at most <see cref="MaxBatchTokens"/>
/// padded tokens whose windows are all within <see cref="MinimumFill"/> of the longest, so padding
/// stays under a tenth of the tokens. Per-window sums are made on the
/// host in a fixed order and added per example in window order, so an example's result does not
/// depend on which other examples share its batch beyond what the matmuls themselves do.
/// Cost: <see cref="Flops"/>, 2·N_selector per token, padding not charged (every real token at the
/// N of a full context window: attention is over-counted for short batches, never under-counted).
/// </summary>
public static class SelectorPasses
{
    /// <summary>Padded tokens per batch: large enough for the matmuls to be efficient, small enough for a shard's memory.</summary>
    public const int MaxBatchTokens = 8192;

    /// <summary>One piece of an example's sequence: the positions [Offset, Offset + Inputs.Length) and what each predicts.</summary>
    public sealed record Window(int Example, int Offset, int[] Inputs, int[] Targets);

    /// <summary>What scoring <paramref name="tokens"/> tokens costs with a model of <paramref name="shape"/>.</summary>
    public static double Flops(ModelShape shape, long tokens) => FlopModel.ForwardFlops(shape, tokens, shape.ContextLength);

    public static List<Window> Windows(IReadOnlyList<PoolExample> examples, ITokenizer tokenizer, int contextLength)
    {
        var windows = new List<Window>();
        for (int i = 0; i < examples.Count; i++)
        {
            // Prompt and response encoded apart, as training and the token counts do.
            int[] sequence = [tokenizer.BoundaryToken, .. tokenizer.Encode(examples[i].Prompt), .. tokenizer.Encode(examples[i].Response)];
            int[] targets = [.. sequence.AsSpan(1), tokenizer.BoundaryToken];
            for (int offset = 0; offset < sequence.Length; offset += contextLength)
            {
                int length = Math.Min(contextLength, sequence.Length - offset);
                windows.Add(new Window(i, offset, sequence.AsSpan(offset, length).ToArray(), targets.AsSpan(offset, length).ToArray()));
            }
        }
        return windows;
    }

    /// <summary>A batch takes windows at least this share of its longest, so padding stays under 10% of the tokens computed.</summary>
    public const double MinimumFill = 0.92;

    /// <summary>Longest first, in batches padded to their first (longest) window.</summary>
    public static List<Window[]> Batches(IEnumerable<Window> windows)
    {
        var sorted = windows.OrderByDescending(w => w.Inputs.Length).ThenBy(w => w.Example).ThenBy(w => w.Offset).ToList();
        var batches = new List<Window[]>();
        for (int start = 0; start < sorted.Count;)
        {
            int time = sorted[start].Inputs.Length;
            int rows = Math.Max(1, MaxBatchTokens / time);
            int end = start + 1;
            while (end < sorted.Count && end - start < rows && sorted[end].Inputs.Length >= MinimumFill * time)
                end++;
            batches.Add(sorted.GetRange(start, end - start).ToArray());
            start = end;
        }
        return batches;
    }

    /// <summary>Padding's share of the tokens a batching computes.</summary>
    public static double PaddingFraction(IReadOnlyList<Window[]> batches)
    {
        long real = batches.Sum(b => b.Sum(w => (long)w.Inputs.Length));
        long padded = batches.Sum(b => (long)b.Length * b[0].Inputs.Length);
        return padded == 0 ? 0 : 1.0 - (double)real / padded;
    }

    /// <summary>Each example's mean negative log-likelihood per token (nats).</summary>
    public static double[] MeanNegativeLogLikelihood(Gpt model, ModelShape shape, IReadOnlyList<PoolExample> examples, ITokenizer tokenizer,
        Device device, Action<double> flopsDone, CancellationToken cancellation)
    {
        var sums = Run(model, shape, examples, tokenizer, device, flopsDone, cancellation, width: 1, (ids, targets) =>
        {
            var logits = model.forward(ids);
            return nn.functional.cross_entropy(logits.view(-1, logits.shape[2]), targets.view(-1), reduction: nn.Reduction.None)
                .view(ids.shape[0], ids.shape[1], 1);
        });
        return sums.Select(s => s.Sum[0] / s.Tokens).ToArray();
    }

    /// <summary>Each example's last hidden states, mean-pooled over its tokens (padding excluded) and scaled to unit length.</summary>
    public static float[][] MeanHiddenStates(Gpt model, ModelShape shape, IReadOnlyList<PoolExample> examples, ITokenizer tokenizer,
        Device device, Action<double> flopsDone, CancellationToken cancellation)
    {
        var sums = Run(model, shape, examples, tokenizer, device, flopsDone, cancellation, width: shape.DModel, (ids, _) => model.HiddenStates(ids));
        return sums.Select(s =>
        {
            var norm = Math.Sqrt(s.Sum.Sum(v => v * v));
            return s.Sum.Select(v => (float)(norm == 0 ? 0 : v / norm)).ToArray();
        }).ToArray();
    }

    /// <summary>
    /// Runs <paramref name="pass"/> ((batch, time) ids and targets → (batch, time, width) values) over
    /// every batch under no_grad, and sums each example's values over its real tokens.
    /// </summary>
    private static (double[] Sum, long Tokens)[] Run(Gpt model, ModelShape shape, IReadOnlyList<PoolExample> examples, ITokenizer tokenizer,
        Device device, Action<double> flopsDone, CancellationToken cancellation, int width, Func<Tensor, Tensor, Tensor> pass)
    {
        var windows = Windows(examples, tokenizer, shape.ContextLength);
        var windowSums = new Dictionary<Window, double[]>(ReferenceEqualityComparer.Instance);
        long tokensDone = 0;
        foreach (var batch in Batches(windows))
        {
            cancellation.ThrowIfCancellationRequested();
            int time = batch[0].Inputs.Length;
            var ids = new long[batch.Length * time];
            var targets = new long[batch.Length * time];
            for (int r = 0; r < batch.Length; r++)
                for (int t = 0; t < time; t++)
                {
                    bool real = t < batch[r].Inputs.Length;
                    ids[r * time + t] = real ? batch[r].Inputs[t] : tokenizer.BoundaryToken;
                    targets[r * time + t] = real ? batch[r].Targets[t] : 0; // padding's values are never read
                }
            float[] values;
            using (NewDisposeScope())
            using (no_grad())
            {
                var idsT = tensor(ids, [batch.Length, time], device: device);
                var targetsT = tensor(targets, [batch.Length, time], device: device);
                values = pass(idsT, targetsT).to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
            }
            for (int r = 0; r < batch.Length; r++)
            {
                var sum = new double[width];
                for (int t = 0; t < batch[r].Inputs.Length; t++)
                    for (int d = 0; d < width; d++)
                        sum[d] += values[((long)r * time + t) * width + d];
                windowSums[batch[r]] = sum;
                tokensDone += batch[r].Inputs.Length;
            }
            flopsDone(Flops(shape, tokensDone));
        }

        var result = new (double[] Sum, long Tokens)[examples.Count];
        for (int i = 0; i < result.Length; i++)
            result[i] = (new double[width], 0);
        foreach (var window in windows) // in example and offset order, whatever the batches were
        {
            var sum = windowSums[window];
            for (int d = 0; d < width; d++)
                result[window.Example].Sum[d] += sum[d];
            result[window.Example].Tokens += window.Inputs.Length;
        }
        return result;
    }
}
