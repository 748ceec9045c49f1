using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Core.Scoring.Dsir;

namespace OrleansSelect.Core.Tests.Scoring.Dsir;

public class DsirMethodTests
{
    private static readonly TargetTask Target = TestPools.Target(
        "solve the equation for x", "solve for x in the equation", "the equation for x");

    [Fact]
    public void RanksOnTargetExamplesFirst()
    {
        var onTarget = Enumerable.Range(0, 5).Select(i => TestPools.Example($"on{i}", "solve the equation for x")).ToList();
        var offTarget = Enumerable.Range(0, 45).Select(i => TestPools.Example($"off{i}", "the cat sat on the mat, a dog sat too")).ToList();
        var pool = onTarget.Concat(offTarget).ToList();

        var scores = SeamRunner.Score(new DsirMethod(), [pool], Target, seed: 4);
        var topFive = pool.Zip(scores).OrderByDescending(p => p.Second).Take(5).Select(p => p.First.Id);

        Assert.All(topFive, id => Assert.StartsWith("on", id));
    }

    [Fact]
    public void AScoreIsTheLogWeightPlusTheSeededGumbelNoise()
    {
        var pool = TestPools.Pool(30, seed: 3);
        var method = new DsirMethod(buckets: 64);
        var scores = SeamRunner.Score(method, TestPools.Shards(pool, 10, 20), Target, seed: 8);

        var importance = new DsirImportance(NgramCounts.Of(Target.Reference.Select(r => r.Text), 64), NgramCounts.Of(pool.Select(p => p.Text), 64));
        Assert.Equal(pool.Select(p => GumbelKeys.Key(importance.LogWeight(p.Text), 8, p.Id)), scores);
    }

    [Fact]
    public void TheCostIsDsirsOperationCountOverTheSelectorsTokens()
    {
        var method = new DsirMethod();
        Assert.Equal(FlopModel.DsirFlops(12_345), method.EstimateScoringFlops(new ScoringWorkload(100, 12_345), Target));
        Assert.Equal(FlopModel.DsirFlops(77), method.EstimatePrepareFlops(Target, 77, null));
    }

    [Fact]
    public void ZeroBucketsIsOneSentence() =>
        Assert.Equal("dsir needs at least 1 hash bucket, got 0.", Assert.Throws<UserInputException>(() => new DsirMethod(0)).Message);
}
