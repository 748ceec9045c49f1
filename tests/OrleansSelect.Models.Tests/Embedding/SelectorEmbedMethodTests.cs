using OrleansSelect.Core.Scoring;
using OrleansSelect.Models.Embedding;
using OrleansSelect.Models.Tests.Selectors;

namespace OrleansSelect.Models.Tests.Embedding;

public class SelectorEmbedMethodTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("selector-embed-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_selectors_mean_pooled_hidden_states_rank_the_reviews_first_and_cost_two_N_per_token()
    {
        var (target, pool) = TestSelector.ReviewsAmongFiller();
        var selector = TestSelector.Create(_folder);
        ISelectionMethod method = new SelectorEmbedMethod(TestData.Fp32);
        var tokenizer = TokenCounting.TokenizerFor("test");

        var prepared = new Flops();
        var artifact = PreparedArtifact.Of(method.Prepare(target, new PrepareContext(_folder, prepared, CancellationToken.None, selector)));
        Assert.Equal(method.EstimatePrepareFlops(target, target.Reference.Sum(e => TokenCounting.CountTokens(tokenizer, e)), selector), prepared.Last);

        long tokens = pool.Sum(e => TokenCounting.CountTokens(tokenizer, e));
        double estimate = method.EstimateScoringFlops(new ScoringWorkload(pool.Count, tokens, pool, selector), target);
        var scored = new Flops();
        var scores = method.Score(new ShardScoringInput(pool, target, artifact, null, 1, estimate, selector), scored, CancellationToken.None);

        // A random-init selector embeds by surface form alone: the nearest examples are reviews, and a
        // review outscores a filler sentence in almost every pair (the ranking's AUC).
        var ranked = pool.Zip(scores).OrderByDescending(p => p.Second).Select(p => p.First.Source).ToList();
        Assert.All(ranked.Take(8), source => Assert.Equal("pool-reviews", source));
        var reviews = pool.Zip(scores).Where(p => p.First.Source == "pool-reviews").Select(p => p.Second).ToList();
        var filler = pool.Zip(scores).Where(p => p.First.Source == "filler").Select(p => p.Second).ToList();
        double auc = reviews.Sum(r => filler.Count(f => r > f)) / (double)(reviews.Count * filler.Count);
        Assert.True(auc > 0.95, $"AUC {auc}");
        Assert.Equal(estimate, scored.Last);
        // Charged without the output head, which an embedding pass never computes: N + 2·L·T·d.
        var shape = Core.Compute.ModelCatalog.Get("test");
        Assert.Equal(2.0 * (shape.NonEmbeddingParameters + 2.0 * shape.Layers * 64 * shape.DModel) * tokens, estimate, precision: 0);
        Assert.True(method.NeedsSelector);
    }

    private sealed class Flops : IProgress<double>
    {
        public double Last { get; private set; }

        public void Report(double value) => Last = value;
    }
}
