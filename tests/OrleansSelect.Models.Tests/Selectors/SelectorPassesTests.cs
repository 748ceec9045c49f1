using OrleansSelect.Core.Compute;
using OrleansSelect.Models.Selectors;
using static TorchSharp.torch;

namespace OrleansSelect.Models.Tests.Selectors;

public class SelectorPassesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("selector-passes-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_counted_token_is_scored_once_in_batches_of_one_length_without_padding()
    {
        var (_, pool) = TestSelector.ReviewsAmongFiller(reviews: 200, filler: 600);
        var tokenizer = TokenCounting.TokenizerFor("test");
        var windows = SelectorPasses.Windows(pool, tokenizer, ModelCatalog.Get("test").ContextLength);

        Assert.Equal(pool.Sum(e => TokenCounting.CountTokens(tokenizer, e)), windows.Sum(w => (long)w.Inputs.Length));
        Assert.Contains(windows, w => w.Offset > 0); // some examples are longer than the 64-token context
        var batches = SelectorPasses.Batches(windows);
        Assert.Equal(0.0, SelectorPasses.PaddingFraction(batches));
        Assert.Equal(windows.Count, batches.Sum(b => b.Length));
        Assert.True(batches.Count < windows.Count / 4); // batches, not one window at a time
    }

    [Fact]
    public void The_mean_negative_log_likelihood_is_the_one_a_plain_forward_gives()
    {
        var selector = TestSelector.Create(_folder);
        var shape = ModelCatalog.Get("test");
        var (_, pool) = TestSelector.ReviewsAmongFiller(reviews: 3, filler: 3);
        var short_ = pool.Where(e => TokenCounting.CountTokens(TokenCounting.TokenizerFor("test"), e) <= shape.ContextLength).ToList();
        var model = SelectorModelCache.Get(selector.Size, selector.CheckpointPath, selector.CheckpointHash, TestData.Fp32);

        var batched = SelectorPasses.MeanNegativeLogLikelihood(model, shape, short_, TokenCounting.TokenizerFor("test"), CPU, 2, _ => { }, CancellationToken.None);

        for (int i = 0; i < short_.Count; i++)
        {
            var window = SelectorPasses.Windows([short_[i]], TokenCounting.TokenizerFor("test"), shape.ContextLength).Single();
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var logits = model.forward(tensor(window.Inputs.Select(t => (long)t).ToArray(), [1, window.Inputs.Length]));
            var nll = nn.functional.cross_entropy(logits.view(-1, logits.shape[2]), tensor(window.Targets.Select(t => (long)t).ToArray())).item<float>();
            Assert.Equal(nll, batched[i], precision: 4);
        }
    }

    [Fact]
    public void An_examples_score_is_the_same_bits_whichever_examples_share_its_batches()
    {
        var selector = TestSelector.Create(_folder);
        var shape = ModelCatalog.Get("test");
        var (_, pool) = TestSelector.ReviewsAmongFiller(reviews: 30, filler: 90);
        var tokenizer = TokenCounting.TokenizerFor("test");
        var model = SelectorModelCache.Get(selector.Size, selector.CheckpointPath, selector.CheckpointHash, new ComputeOptions("cpu", Precision.Fp32, 2));
        double[] Score(IReadOnlyList<Core.Data.PoolExample> examples) =>
            SelectorPasses.MeanNegativeLogLikelihood(model, shape, examples, tokenizer, CPU, 2, _ => { }, CancellationToken.None);

        var whole = Score(pool);
        Assert.Equal(whole, pool.Chunk(37).SelectMany(Score));
        Assert.Equal(whole, pool.Select(e => Score([e])[0]));
    }
}
