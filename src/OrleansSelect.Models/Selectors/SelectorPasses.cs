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
/// length. Windows are grouped by length and cut into batches of at most <see cref="MaxBatchTokens"/>
/// tokens, so nothing is padded. Per-window sums are made on the
/// host in a fixed order and added per example in window order, so an example's result does not
/// depend on which other examples share its batch beyond what the matmuls themselves do.
/// Cost: <see cref="Flops"/>, 2·N_selector per token (every token at the
/// N of a full context window: attention is over-counted for short batches, never under-counted).
/// </summary>
public static class SelectorPasses
{
    /// <summary>Padded tokens per batch: large enough for the matmuls to be efficient, small enough for a shard's memory.</summary>
    public const int MaxBatchTokens = 8192;

    /// <summary>One piece of an example's sequence: the positions [Offset, Offset + Inputs.Length) and what each predicts.</summary>
    public sealed record Window(int Example, int Offset, int[] Inputs, int[] Targets);

    /// <summary>What scoring <paramref name="tokens"/> tokens costs with a model of <paramref name="shape"/> (next-token losses: the whole model).</summary>
    public static double Flops(ModelShape shape, long tokens) => FlopModel.ForwardFlops(shape, tokens, shape.ContextLength);

    /// <summary>What embedding <paramref name="tokens"/> tokens costs: the pass stops before the output head.</summary>
    public static double HiddenStateFlops(ModelShape shape, long tokens) =>
        FlopModel.ForwardFlops(FlopModel.HiddenStateEquivalentParameters(shape, shape.ContextLength), tokens);

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

    /// <summary>
    /// Longest first, in batches of windows of one length: no padding at all, and an example's
    /// values come out bit-identical whichever shard it is scored in (a batch padded to another
    /// length sums its attention and matmuls in another order, which moved scores in their last bits).
    /// A pool has many examples of each length, so the batches stay full.
    /// </summary>
    public static List<Window[]> Batches(IEnumerable<Window> windows)
    {
        var batches = new List<Window[]>();
        foreach (var sameLength in windows.GroupBy(w => w.Inputs.Length).OrderByDescending(g => g.Key))
        {
            var ordered = sameLength.OrderBy(w => w.Example).ThenBy(w => w.Offset);
            batches.AddRange(ordered.Chunk(Math.Max(1, MaxBatchTokens / sameLength.Key)));
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
        Device device, int workers, Action<double> flopsDone, CancellationToken cancellation)
    {
        var sums = Run(model, shape, examples, tokenizer, device, workers, flopsDone, cancellation, width: 1, tokens => Flops(shape, tokens), (ids, targets) =>
        {
            var logits = model.forward(ids);
            return nn.functional.cross_entropy(logits.view(-1, logits.shape[2]), targets.view(-1), reduction: nn.Reduction.None)
                .view(ids.shape[0], ids.shape[1], 1);
        });
        return sums.Select(s => s.Sum[0] / s.Tokens).ToArray();
    }

    /// <summary>Each example's last hidden states, mean-pooled over its tokens and scaled to unit length.</summary>
    public static float[][] MeanHiddenStates(Gpt model, ModelShape shape, IReadOnlyList<PoolExample> examples, ITokenizer tokenizer,
        Device device, int workers, Action<double> flopsDone, CancellationToken cancellation)
    {
        var sums = Run(model, shape, examples, tokenizer, device, workers, flopsDone, cancellation, width: shape.DModel,
            tokens => HiddenStateFlops(shape, tokens), (ids, _) => model.HiddenStates(ids));
        return sums.Select(s =>
        {
            var norm = Math.Sqrt(s.Sum.Sum(v => v * v));
            return s.Sum.Select(v => (float)(norm == 0 ? 0 : v / norm)).ToArray();
        }).ToArray();
    }

    /// <summary>
    /// Runs <paramref name="pass"/> ((batch, time) ids and targets → (batch, time, width) values) over
    /// every batch under no_grad, and sums each example's values over its tokens. Batches run side by
    /// side on <paramref name="workers"/> threads, each with one torch thread: a multi-threaded matmul
    /// splits its work by the batch's shape, so an example's values would change with the other
    /// examples of its shard; single-threaded they are the same in any batch, on any shard.
    /// </summary>
    private static readonly object ThreadCountGate = new();

    private static (double[] Sum, long Tokens)[] Run(Gpt model, ModelShape shape, IReadOnlyList<PoolExample> examples, ITokenizer tokenizer,
        Device device, int workers, Action<double> flopsDone, CancellationToken cancellation, int width, Func<long, double> flopsOf,
        Func<Tensor, Tensor, Tensor> pass)
    {
        var windows = Windows(examples, tokenizer, shape.ContextLength);
        var windowSums = new System.Collections.Concurrent.ConcurrentDictionary<Window, double[]>(ReferenceEqualityComparer.Instance);
        long tokensDone = 0;
        var progressLock = new object();
        // libtorch's thread count is one per process: passes take turns, so one pass's restore never
        // lands in the middle of another's batches (silos of a test cluster share a process).
        lock (ThreadCountGate)
        {
        int threadsBefore = torch.get_num_threads();
        torch.set_num_threads(1);
        try
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers), CancellationToken = cancellation };
            Parallel.ForEach(Batches(windows), options, batch =>
            {
                // libtorch's OpenMP thread count is per calling thread: each worker thread sets its own.
                int workerThreadsBefore = torch.get_num_threads();
                torch.set_num_threads(1);
                try
                {
                int time = batch[0].Inputs.Length;
                var ids = new long[batch.Length * time];
                var targets = new long[batch.Length * time];
                for (int r = 0; r < batch.Length; r++)
                    for (int t = 0; t < time; t++)
                    {
                        ids[r * time + t] = batch[r].Inputs[t];
                        targets[r * time + t] = batch[r].Targets[t];
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
                    for (int t = 0; t < time; t++)
                        for (int d = 0; d < width; d++)
                            sum[d] += values[((long)r * time + t) * width + d];
                    windowSums[batch[r]] = sum;
                }
                lock (progressLock)
                {
                    tokensDone += (long)batch.Length * time;
                    flopsDone(flopsOf(tokensDone));
                }
                }
                finally
                {
                    torch.set_num_threads(workerThreadsBefore);
                }
            });
        }
        finally
        {
            torch.set_num_threads(threadsBefore);
        }
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
