using OrleansSelect.Core;
using OrleansSelect.Core.Compute;

namespace OrleansSelect.Core.Tests.Compute;

public class FlopModelTests
{
    // L=2, d=8, V=10, T=4 counted by hand:
    // per layer: q,k,v,o = 4·8·8 = 256, MLP 8→32→8 = 2·8·32 = 512, so 768; two layers: N = 1536.
    private static readonly ModelShape Small = new("hand", Layers: 2, Heads: 2, DModel: 8, VocabSize: 10, ContextLength: 4);

    [Fact]
    public void NonEmbeddingParametersMatchAHandCount() => Assert.Equal(1536, Small.NonEmbeddingParameters);

    [Fact]
    public void EmbeddingParametersCountTokensAndPositions() => Assert.Equal(10 * 8 + 4 * 8, Small.EmbeddingParameters);

    [Fact]
    public void ForwardPerTokenIsBlocksPlusHeadPlusAttention()
    {
        // 2·1536 = 3072; head 2·8·10 = 160; attention 4·L·T·d = 4·2·4·8 = 256.
        Assert.Equal(3072 + 160 + 256, FlopModel.ForwardFlopsPerToken(Small, 4));
    }

    [Fact]
    public void TrainingCostsThreeForwardsForTheTokensProcessed()
    {
        Assert.Equal(3.0 * 3488 * 100, FlopModel.TrainFlops(Small, tokens: 100, contextLength: 4));
        Assert.Equal(3488 * 100, FlopModel.ForwardFlops(Small, tokens: 100, contextLength: 4));
    }

    [Fact]
    public void AttentionTermGrowsWithTheSequenceLengthActuallyRun()
    {
        double shortRun = FlopModel.ForwardFlopsPerToken(Small, 4);
        double longRun = FlopModel.ForwardFlopsPerToken(Small, 8);
        Assert.Equal(4.0 * 2 * 4 * 8, longRun - shortRun);
    }

    [Fact]
    public void LoraParametersCoverQkvAndOutputProjections()
    {
        // per layer, rank 2: qkv A 2·8 + B 24·2 = 64, output A 2·8 + B 8·2 = 32 → 96; two layers 192.
        Assert.Equal(192, Small.LoraParameters(2));
    }

    [Fact]
    public void GradientFeaturesAreTrainingPlusADenseProjection()
    {
        double expected = 3.0 * 3488 * 50 + 2.0 * 3 * 192 * 16;
        Assert.Equal(expected, FlopModel.GradientFeatureFlops(Small, tokens: 50, contextLength: 4, examples: 3, gradientDimension: 192, projectionDimension: 16));
    }

    [Fact]
    public void CatalogSpansMoreThanHundredfoldAndRejectsUnknownNames()
    {
        var sizes = ModelCatalog.ExperimentNames.Select(n => ModelCatalog.Get(n).NonEmbeddingParameters).ToArray();
        Assert.True(sizes.Max() >= 100 * sizes.Min());
        Assert.Equal(sizes.OrderBy(s => s), sizes);
        var e = Assert.Throws<UserInputException>(() => ModelCatalog.Get("huge"));
        Assert.Contains("huge", e.Message);
    }
}
