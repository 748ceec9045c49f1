using OrleansSelect.Core.Scoring;
using OrleansSelect.Core.Scoring.Dsir;

namespace OrleansSelect.Core.Tests.Scoring;

public class SelectionMethodsTests
{
    private static readonly SelectionMethods Methods = new([new RandomScorer(), new Bm25Scorer(), new DsirMethod()]);

    [Fact]
    public void ListsTheRegisteredMethodsSorted() => Assert.Equal(["bm25", "dsir", "random"], Methods.Names);

    [Theory]
    [InlineData("bm25", typeof(Bm25Scorer))]
    [InlineData("BM25", typeof(Bm25Scorer))]
    [InlineData("Random", typeof(RandomScorer))]
    [InlineData(" dsir ", typeof(DsirMethod))]
    public void FindsAMethodIgnoringCase(string name, Type expected) => Assert.IsType(expected, Methods.Get(name));

    [Fact]
    public void AnUnknownMethodNamesTheKnownOnes()
    {
        var error = Assert.Throws<UserInputException>(() => Methods.Get("x"));
        Assert.Equal("unknown method 'x'; known methods: bm25, dsir, random.", error.Message);
    }

    [Fact]
    public void TwoRegistrationsOfOneMethodAreRejected() =>
        Assert.Throws<ArgumentException>(() => new SelectionMethods([new RandomScorer(), new RandomScorer()]));

    [Fact]
    public void OnlyMethodsWithRandomnessKeyTheirScoresBySeed()
    {
        Assert.True(Methods.Get("random").UsesSeed);
        Assert.True(Methods.Get("dsir").UsesSeed);
        Assert.False(Methods.Get("bm25").UsesSeed);
    }

    [Fact]
    public void SettingsThatChangeScoresChangeTheKey() =>
        Assert.NotEqual(new Bm25Scorer().Settings, new Bm25Scorer(new Bm25Options(K1: 1.2)).Settings);
}
