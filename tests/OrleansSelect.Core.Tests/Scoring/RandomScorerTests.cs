using OrleansSelect.Core.Scoring;

namespace OrleansSelect.Core.Tests.Scoring;

public class RandomScorerTests
{
    private static readonly OrleansSelect.Core.Data.TargetTask Target = TestPools.Target("anything");

    [Fact]
    public void TheSameSeedGivesTheSameScores()
    {
        var pool = TestPools.Pool(200, seed: 1);
        var scorer = new RandomScorer();
        Assert.Equal(scorer.Score(pool, 7), new RandomScorer().Score(pool, 7));
    }

    [Fact]
    public void ADifferentSeedGivesDifferentScores()
    {
        var pool = TestPools.Pool(200, seed: 1);
        var a = new RandomScorer().Score(pool, 7);
        var b = new RandomScorer().Score(pool, 8);
        Assert.True(a.Zip(b).Count(p => p.First != p.Second) >= 199);
    }

    [Fact]
    public void AScoreDependsOnTheIdNotThePosition()
    {
        var pool = TestPools.Pool(50, seed: 2);
        var reversed = Enumerable.Reverse(pool).ToList();
        var forward = new RandomScorer().Score(pool, 3);
        var backward = new RandomScorer().Score(reversed, 3);
        Assert.Equal(forward, backward.Reverse());
    }

    [Fact]
    public void ScoresAreUniformInTheUnitInterval()
    {
        var scores = Enumerable.Range(0, 20_000).Select(i => RandomScorer.UniformScore(11, $"id{i}")).ToList();
        Assert.All(scores, s => Assert.InRange(s, 0.0, 0.9999999999999999));
        Assert.InRange(scores.Average(), 0.49, 0.51);
        // Each tenth of [0, 1) holds about 2000 of them (binomial sd ≈ 42).
        var deciles = scores.GroupBy(s => (int)(s * 10)).Select(g => g.Count()).ToList();
        Assert.Equal(10, deciles.Count);
        Assert.All(deciles, c => Assert.InRange(c, 1800, 2200));
    }

    [Fact]
    public void RandomSelectionIsFree()
    {
        var random = new RandomScorer();
        Assert.Equal(0.0, random.EstimateScoringFlops(new(1_000_000, 100_000_000), Target));
        Assert.False(random.NeedsGlobalStatistics);
        Assert.False(random.NeedsPrepare);
        Assert.True(random.UsesSeed);
    }
}
