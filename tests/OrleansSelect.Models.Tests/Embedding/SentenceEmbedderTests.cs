using OrleansSelect.Core.Compute;
using OrleansSelect.Models.Embedding;

namespace OrleansSelect.Models.Tests.Embedding;

/// <summary>The real all-MiniLM-L6-v2, loaded once for the class (about 90 MB).</summary>
public sealed class MiniLmFixture : IDisposable
{
    public SentenceEmbedder Embedder { get; } = SentenceEmbedder.LoadMiniLm(batchSize: 4);

    public void Dispose() => Embedder.Dispose();
}

public class SentenceEmbedderTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private readonly SentenceEmbedder _embedder = fixture.Embedder;

    [Fact]
    public void SimilarSentencesAreCloserThanUnrelatedOnes()
    {
        var v = _embedder.Embed(["The food at this restaurant was delicious.", "This place serves really tasty meals.", "The stock market fell sharply on Monday."]);
        var similar = EmbeddingPooling.Cosine(v[0], v[1]);
        var unrelated = EmbeddingPooling.Cosine(v[0], v[2]);
        Assert.True(similar > unrelated + 0.3, $"similar {similar:F3}, unrelated {unrelated:F3}");
    }

    [Fact]
    public void EmbeddingsHave384DimensionsAndUnitNorm()
    {
        var vectors = _embedder.Embed(["short", "a somewhat longer sentence about nothing in particular", ""]);
        Assert.Equal(384, _embedder.Dimension);
        Assert.All(vectors, v =>
        {
            Assert.Equal(384, v.Length);
            Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 5);
        });
    }

    [Fact]
    public void BatchingGivesTheSameVectorsAsOneByOne()
    {
        string[] texts =
        [
            "Great service and friendly staff.", "The pizza was cold", "I would not come back here again, the wait was over an hour and nobody apologised.",
            "ok", "Lovely atmosphere; the dessert menu is long and everything on it is worth trying twice.", "Parking was hard to find.",
        ];
        var batched = _embedder.Embed(texts);
        for (var i = 0; i < texts.Length; i++)
        {
            var alone = _embedder.Embed([texts[i]])[0];
            for (var d = 0; d < alone.Length; d++)
                Assert.Equal(alone[d], batched[i][d], 1e-5);
        }
    }

    [Fact]
    public void ParameterCountIsMiniLmsAndSetsTheFlopsPerToken()
    {
        Assert.InRange(_embedder.Parameters, 22_500_000, 22_900_000);
        Assert.Equal(2.0 * _embedder.Parameters * 100, _embedder.FlopsFor(100));
        Assert.Equal(FlopModel.EmbeddingFlops(_embedder.Parameters, 100), _embedder.FlopsFor(100));
    }

    [Fact]
    public void TokensAreUncasedWordPiecesWithSpecialsAndCutAtTheMaximum()
    {
        // bert-base-uncased ids: [CLS] 101, hello 7592, world 2088, [SEP] 102.
        Assert.Equal([101L, 7592, 2088, 102], _embedder.Tokenize("Hello WORLD"));
        var longText = string.Join(' ', Enumerable.Repeat("word", 1000));
        Assert.Equal(256, _embedder.CountTokens(longText));
        Assert.Equal(102L, _embedder.Tokenize(longText)[^1]);
        // Two texts of 4 and 256 tokens in one batch of 4: both run at 256 positions.
        Assert.Equal(2 * 256, _embedder.ProcessedTokens(["Hello WORLD", longText]));
    }
}
