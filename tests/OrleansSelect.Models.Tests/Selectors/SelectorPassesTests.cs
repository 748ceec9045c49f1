using OrleansSelect.Core.Compute;
using OrleansSelect.Models.Selectors;
using static TorchSharp.torch;

namespace OrleansSelect.Models.Tests.Selectors;

public class SelectorPassesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("selector-passes-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_counted_token_is_scored_once_and_length_buckets_keep_padding_under_a_tenth()
    {
        var (_, pool) = TestSelector.ReviewsAmongFiller(reviews: 200, filler: 600);
        var tokenizer = TokenCounting.TokenizerFor("test");
        var windows = SelectorPasses.Windows(pool, tokenizer, ModelCatalog.Get("test").ContextLength);

        Assert.Equal(pool.Sum(e => TokenCounting.CountTokens(tokenizer, e)), windows.Sum(w => (long)w.Inputs.Length));
        Assert.Contains(windows, w => w.Offset > 0); // some examples are longer than the 64-token context
        Assert.InRange(SelectorPasses.PaddingFraction(SelectorPasses.Batches(windows)), 0.0, 0.10);
    }

    [Fact]
    public void The_mean_negative_log_likelihood_is_the_one_a_plain_forward_gives()
    {
        var selector = TestSelector.Create(_folder);
        var shape = ModelCatalog.Get("test");
        var (_, pool) = TestSelector.ReviewsAmongFiller(reviews: 3, filler: 3);
        var short_ = pool.Where(e => TokenCounting.CountTokens(TokenCounting.TokenizerFor("test"), e) <= shape.ContextLength).ToList();
        var model = SelectorModelCache.Get(selector.Size, selector.CheckpointPath, selector.CheckpointHash, TestData.Fp32);

        var batched = SelectorPasses.MeanNegativeLogLikelihood(model, shape, short_, TokenCounting.TokenizerFor("test"), CPU, _ => { }, CancellationToken.None);

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
}
