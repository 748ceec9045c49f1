using OrleansSelect.Core.Data;
using OrleansSelect.Core.Scoring;

namespace OrleansSelect.Core.Tests.Scoring;

public class Bm25ScorerTests
{
    // Four documents (prompt + response), after tokenising:
    //   d1 "the cat sat"               |d|=3
    //   d2 "the dog sat on the mat"    |d|=6
    //   d3 "a cat and a bird"          |d|=5
    //   d4 "birds fly"                 |d|=2
    // N = 4, total length 16, avgdl = 4. Two reference examples: q1 = "the cat", q2 = "dog dog".
    // df: the = 2 (d1, d2), cat = 2 (d1, d3), dog = 1 (d2).
    // idf = ln(1 + (N − df + 0.5)/(df + 0.5)): the, cat: ln(1 + 2.5/2.5) = ln 2; dog: ln(1 + 3.5/1.5) = ln(10/3).
    // Saturation K = k1·(1 − b + b·|d|/avgdl) with k1 = 1.5, b = 0.75:
    //   |d|=3: 1.5·(0.25 + 0.5625) = 1.21875;  |d|=6: 1.5·(0.25 + 1.125) = 2.0625
    //   |d|=5: 1.5·(0.25 + 0.9375) = 1.78125;  |d|=2: 0.9375
    // Term part tf·(k1+1)/(tf + K), k1 + 1 = 2.5:
    //   d1: q1 = ln2·2.5/2.21875 (the) + ln2·2.5/2.21875 (cat); q2 = 0
    //   d2: q1 = ln2·(2·2.5)/(2 + 2.0625) (the, tf 2); q2 = 2 · ln(10/3)·2.5/(1 + 2.0625) (dog counted twice)
    //   d3: q1 = ln2·2.5/2.78125 (cat); q2 = 0
    //   d4: 0
    // Score = (q1 + q2)/2: d1 ≈ 0.781011, d2 ≈ 1.409387, d3 ≈ 0.311527, d4 = 0.
    private static readonly List<PoolExample> Documents =
    [
        TestPools.Example("d1", "The cat", " sat."),
        TestPools.Example("d2", "The dog sat", " on the mat."),
        TestPools.Example("d3", "A cat, and", " a bird"),
        TestPools.Example("d4", "Birds fly!"),
    ];

    private static readonly TargetTask Target = TestPools.Target("The cat!", "Dog, dog?");

    [Fact]
    public void MatchesTheHandComputedScores()
    {
        var scorer = new Bm25Scorer();
        var statistics = scorer.CollectStatistics(Documents, Target);
        var scores = scorer.Score(Documents, Target, statistics, seed: 0);

        var ln2 = Math.Log(2);
        var ln10Over3 = Math.Log(10.0 / 3.0);
        Assert.Equal((2 * ln2 * 2.5 / 2.21875 + 0) / 2, scores[0], 1e-9);
        Assert.Equal((ln2 * 5 / 4.0625 + 2 * ln10Over3 * 2.5 / 3.0625) / 2, scores[1], 1e-9);
        Assert.Equal((ln2 * 2.5 / 2.78125 + 0) / 2, scores[2], 1e-9);
        Assert.Equal(0.0, scores[3], 1e-9);
        Assert.Equal(0.7810109076731778, scores[0], 1e-9);
    }

    [Fact]
    public void CollectsCountsLengthsAndReferenceTermFrequenciesOnly()
    {
        var statistics = new Bm25Scorer().CollectStatistics(Documents, Target);
        Assert.Equal(4, statistics.DocumentCount);
        Assert.Equal(16, statistics.TotalLength);
        Assert.Equal(4.0, statistics.AverageLength);
        Assert.Equal(new Dictionary<string, long> { ["the"] = 2, ["cat"] = 2, ["dog"] = 1 }, statistics.DocumentFrequency);
    }

    [Fact]
    public void IdfStaysPositiveForATermInEveryDocument()
    {
        Assert.Equal(Math.Log(1 + 0.5 / 10.5), Bm25Scorer.Idf(10, 10), 1e-12);
        Assert.True(Bm25Scorer.Idf(10, 10) > 0);
        Assert.True(Bm25Scorer.Idf(10, 1) > Bm25Scorer.Idf(10, 5));
    }

    [Fact]
    public void ATermInEveryDocumentStillRanksMatchingDocumentsFirst()
    {
        var pool = new List<PoolExample>
        {
            TestPools.Example("a", "cat cat"), TestPools.Example("b", "cat dog"), TestPools.Example("c", "cat"),
        };
        var target = TestPools.Target("cat");
        var scorer = new Bm25Scorer();
        var scores = scorer.Score(pool, target, scorer.CollectStatistics(pool, target), 0);
        Assert.All(scores, s => Assert.True(s > 0));
        Assert.True(scores[0] > scores[2] && scores[2] > scores[1]);   // more matches, then shorter document
    }

    [Fact]
    public void ScoresDoNotDependOnTheSeed()
    {
        var scorer = new Bm25Scorer();
        var statistics = scorer.CollectStatistics(Documents, Target);
        Assert.Equal(scorer.Score(Documents, Target, statistics, 1), scorer.Score(Documents, Target, statistics, 2));
    }

    [Fact]
    public void ATargetWithoutReferenceExamplesIsAUserError()
    {
        var target = new TargetTask("empty-task", [], [], []);
        var error = Assert.Throws<UserInputException>(() => new Bm25Scorer().CollectStatistics(Documents, target));
        Assert.Equal("target 'empty-task' has no reference examples; bm25 compares the pool with them.", error.Message);
    }

    [Fact]
    public void ScoringWithoutGlobalStatisticsIsRefused()
    {
        Assert.Throws<ArgumentNullException>(() => new Bm25Scorer().Score(Documents, Target, null, 0));
        var shardOnly = new Bm25Scorer().CollectStatistics(Documents.Take(2), Target);
        var error = Assert.Throws<ArgumentException>(() => new Bm25Scorer().Score(Documents, Target, shardOnly, 0));
        Assert.Contains("pass the sum over all shards", error.Message);
    }

    [Theory]
    [InlineData(-1.0, 0.75, "bm25 k1 must be a finite number >= 0, got -1.")]
    [InlineData(1.5, 1.5, "bm25 b must be in [0, 1], got 1.5.")]
    public void BadOptionsAreUserErrors(double k1, double b, string message)
    {
        var error = Assert.Throws<UserInputException>(() => new Bm25Scorer(new Bm25Options(k1, b)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void WithoutLengthNormalisationOnlyTermFrequencyMatters()
    {
        // b = 0: saturation is k1 for every document, so one "cat" scores the same in a short and a long document.
        var pool = new List<PoolExample> { TestPools.Example("s", "cat"), TestPools.Example("l", "cat a b c d e f") };
        var target = TestPools.Target("cat");
        var scorer = new Bm25Scorer(new Bm25Options(K1: 1.2, B: 0));
        var scores = scorer.Score(pool, target, scorer.CollectStatistics(pool, target), 0);
        var expected = Math.Log(1 + 0.5 / 2.5) * 2.2 / (1 + 1.2);
        Assert.Equal(expected, scores[0], 1e-12);
        Assert.Equal(expected, scores[1], 1e-12);
    }

    [Fact]
    public void FlopEstimateIsTheDocumentedOperationCount()
    {
        // Distinct query terms: the, cat, dog = 3; reference characters: "The cat!" (8) + "Dog, dog?" (9) = 17.
        var flops = new Bm25Scorer().EstimateFlops(poolExamples: 1000, poolTokens: 50_000, Target);
        var tokenising = 2 * 5.0 * 4.0 * 50_000;
        var scoring = 1000 * (4.0 + 5.0 * 3);
        var query = 5.0 * 17;
        Assert.Equal(tokenising + scoring + query, flops);
        Assert.True(flops > 0);
    }
}
