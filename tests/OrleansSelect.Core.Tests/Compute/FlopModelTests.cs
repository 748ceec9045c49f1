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
    [Fact]
    public void PlainFormIsTwoNPerTokenForwardAndSixNPerTokenTraining()
    {
        Assert.Equal(2.0 * 1000 * 50, FlopModel.ForwardFlops(1000, 50));
        Assert.Equal(6.0 * 1000 * 50, FlopModel.TrainFlops(1000, 50));
    }

    [Fact]
    public void ShapeFormIsThePlainFormAtTheShapesForwardEquivalentParameters()
    {
        // N + d·V + 2·L·T·d = 1536 + 80 + 128 = 1744; 2 × 1744 = 3488, the hand count above.
        Assert.Equal(1744, FlopModel.ForwardEquivalentParameters(Small, 4));
        Assert.Equal(1744 - 80, FlopModel.HiddenStateEquivalentParameters(Small, 4)); // an embedding pass stops before the d·V head
        Assert.Equal(FlopModel.TrainFlops(1744, 100), FlopModel.TrainFlops(Small, tokens: 100, contextLength: 4));
    }

    [Fact]
    public void EmbeddingScoringIsOneEncoderForwardPerToken() =>
        Assert.Equal(2.0 * 22_713_216 * 1000, FlopModel.EmbeddingFlops(22_713_216, 1000));

    [Fact]
    public void WarmupTrainsOnTheWarmupShareOfThePoolForEveryEpoch() =>
        Assert.Equal(6.0 * 100 * (0.05 * 2000 * 4), FlopModel.WarmupTrainFlops(100, 2000, 0.05, 4), 6);

    [Fact]
    public void PlainGradientFeaturesAreATrainingStepPlusTheProjection() =>
        Assert.Equal(6.0 * 10 * 40 + 2.0 * 3 * 7 * 5, FlopModel.GradientFeatureFlops(10, 40, examples: 3, gradientDimension: 7, projectionDimension: 5));

    [Fact]
    public void LexicalMethodsAreAFixedOperationCountPerToken()
    {
        // BM25: 2 passes × 5 ops × 4 chars = 40; DSIR: 2 × (40 + 2 hashes × 3·4 chars) + 4 = 132.
        Assert.Equal(40.0 * 1000, FlopModel.Bm25Flops(1000));
        Assert.Equal(132.0 * 1000, FlopModel.DsirFlops(1000));
    }
}
