using System.Runtime.CompilerServices;
using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Models.Tokenization;
using OrleansSelect.Models.Training;

namespace OrleansSelect.Models.Tests;

/// <summary>Training data built a batch at a time keeps no text and trains, estimates and keys its plan as the whole list did.</summary>
public class TrainingTokensTests
{
    [Fact]
    public void A_batch_added_is_not_held_once_tokenised()
    {
        var tokens = new TrainingTokens(ByteTokenizer.Instance);
        var added = Enumerable.Range(0, 5).Select(b => AddBatch(tokens, b)).ToList();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // Every batch and every text it carried is garbage while the tokens live on.
        Assert.All(added, refs => Assert.All(refs, r => Assert.False(r.IsAlive)));
        Assert.Equal(5 * 20, tokens.Count);
        Assert.Equal(ExpectedTokens(Enumerable.Range(0, 5).SelectMany(BatchOf).ToList(), ByteTokenizer.Instance), AllTokens(tokens));
        GC.KeepAlive(tokens);
    }

    [Fact]
    public void Built_batch_by_batch_it_packs_estimates_and_counts_as_the_whole_list_did()
    {
        var examples = TestData.Examples(101);
        var byteTokens = TokenCounting.TokenizerFor("test");
        var bpe = BpeTokenizer.Train(examples.Select(e => e.Prompt + e.Response), mergeCount: 40);
        foreach (var tokenizer in new[] { byteTokens, bpe })
        {
            var whole = TrainingTokens.Of(examples.Select(e => (e.Prompt, e.Response)), tokenizer);
            var batched = new TrainingTokens(tokenizer);
            foreach (var batch in examples.Chunk(7))
                batched.Add(batch.Select(e => (e.Prompt, e.Response)));

            // The tokens the old path packed: prompt and response encoded apart, in the order given.
            Assert.Equal(ExpectedTokens(examples, tokenizer), AllTokens(batched));
            Assert.Equal(examples.Select(e => tokenizer.Encode(e.Prompt).Length), Enumerable.Range(0, batched.Count).Select(batched.PromptLength));
            // The count the old estimate summed, example by example.
            Assert.Equal(examples.Sum(e => TokenCounting.CountTokens(tokenizer, e)), batched.StreamLength);
            Assert.Equal(whole.StreamLength, batched.StreamLength);
            Assert.Equal(examples.Count, batched.Count);

            var order = Enumerable.Range(0, examples.Count).Reverse().ToList();
            var (wholeInputs, wholeTargets, wholeWeights) = Rows(whole, order);
            var (inputs, targets, weights) = Rows(batched, order);
            Assert.Equal(wholeInputs, inputs);
            Assert.Equal(wholeTargets, targets);
            Assert.Equal(wholeWeights, weights);
        }

        // The FLOP estimate is the old one: the plan from the summed token counts.
        var shape = ModelCatalog.Get("test");
        int rows = PackedSequences.RowsFor(examples.Sum(e => TokenCounting.CountTokens(byteTokens, e)), shape.ContextLength);
        foreach (double cap in new[] { double.MaxValue, 5e8 })
        {
            var job = new FinetuneJob("test", null, Batched(examples, 13), TestData.Target(), cap, Epochs: 3, Seed: 1, TestData.Fp32, BatchSize: 4);
            var oldPlan = new TrainingPlan(shape, rows, shape.ContextLength, 4, 3, cap);
            Assert.Equal(oldPlan.TotalFlops, TargetFinetuner.EstimateTrainFlops(job));
            bool wholePlan = oldPlan.TotalTokens == 3L * rows * shape.ContextLength;
            Assert.Equal(cap == double.MaxValue, wholePlan); // the smaller cap cuts the plan short: the estimate is checked under a cap too
        }
    }

    [Fact]
    public void A_job_whose_tokens_another_vocabulary_made_is_refused()
    {
        var bpe = BpeTokenizer.Train(TestData.Examples(20).Select(e => e.Prompt + e.Response), mergeCount: 10);
        var job = new FinetuneJob("test", null, TrainingTokens.Of([("p", "r")], bpe), TestData.Target(), 1e9, Epochs: 1, Seed: 1, TestData.Fp32);
        var e = Assert.Throws<InvalidOperationException>(() => TargetFinetuner.EstimateTrainFlops(job));
        Assert.Contains("'test'", e.Message);
    }

    private static readonly string[] Words = ["fine", "broken", "lovely", "sad"];

    // Texts made at run time (not interned literals), so nothing but the batch holds them.
    private static List<(string Prompt, string Response)> BatchOf(int batch) =>
        Enumerable.Range(0, 20).Select(i => ($"Review {batch}.{i}: {Words[i % 4]}.\nSentiment: ", i % 2 == 0 ? $"positive{batch}" : $"negative{batch}")).ToList();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference> AddBatch(TrainingTokens tokens, int batch)
    {
        var examples = BatchOf(batch);
        tokens.Add(examples);
        return [new WeakReference(examples), .. examples.SelectMany(e => new[] { new WeakReference(e.Prompt), new WeakReference(e.Response) })];
    }

    private static List<int[]> ExpectedTokens(IEnumerable<PoolExample> examples, ITokenizer tokenizer) =>
        ExpectedTokens(examples.Select(e => (e.Prompt, e.Response)).ToList(), tokenizer);

    private static List<int[]> ExpectedTokens(List<(string Prompt, string Response)> examples, ITokenizer tokenizer) =>
        examples.Select(e => tokenizer.Encode(e.Prompt).Concat(tokenizer.Encode(e.Response)).ToArray()).ToList();

    private static List<int[]> AllTokens(TrainingTokens tokens) => Enumerable.Range(0, tokens.Count).Select(i => tokens.Tokens(i).ToArray()).ToList();

    private static TrainingTokens Batched(List<PoolExample> examples, int size)
    {
        var tokens = new TrainingTokens(TokenCounting.TokenizerFor("test"));
        foreach (var batch in examples.Chunk(size)) tokens.Add(batch.Select(e => (e.Prompt, e.Response)));
        return tokens;
    }

    // One epoch's rows laid end to end: inputs, then targets, then weights.
    private static (int[] Inputs, long[] Targets, float[] Weights) Rows(TrainingTokens tokens, IReadOnlyList<int> order)
    {
        var rows = new PackedSequences(tokens, contextLength: 64, promptWeight: 1f, responseWeight: 30f).Rows(order).ToList();
        return (rows.SelectMany(r => r.Inputs).ToArray(), rows.SelectMany(r => r.Targets).ToArray(), rows.SelectMany(r => r.Weights).ToArray());
    }
}
