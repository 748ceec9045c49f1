using OrleansSelect.Core.Scoring;

namespace OrleansSelect.Core.Tests.Scoring;

public class ScorerRegistryTests
{
    [Fact]
    public void ListsTheBuiltInMethodsSorted() => Assert.Equal(["bm25", "random"], ScorerRegistry.Default.Methods);

    [Theory]
    [InlineData("bm25", typeof(Bm25Scorer))]
    [InlineData("BM25", typeof(Bm25Scorer))]
    [InlineData("Random", typeof(RandomScorer))]
    public void FindsAMethodIgnoringCase(string name, Type expected) =>
        Assert.IsType(expected, ScorerRegistry.Default.Get(name));

    [Fact]
    public void AnUnknownMethodNamesTheKnownOnes()
    {
        var error = Assert.Throws<UserInputException>(() => ScorerRegistry.Default.Get("x"));
        Assert.Equal("unknown method 'x'; known methods: bm25, random.", error.Message);
    }

    [Fact]
    public void TwoScorersForOneMethodAreRejected() =>
        Assert.Throws<ArgumentException>(() => new ScorerRegistry(new RandomScorer(), new RandomScorer()));
}
