using OrleansSelect.Core.Data;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Core.Scoring.Dsir;
using OrleansSelect.Core.Selection;

namespace OrleansSelect.Core.Tests.Scoring;

/// <summary>
/// The two-phase protocol the grains run: collect per shard, sum, score per shard with the sum,
/// local top-k per shard, global merge. It must give exactly what one shard holding the whole pool gives.
/// </summary>
public class ShardedScoringTests
{
    private static readonly TargetTask Target = TestPools.Target("Solve the equation for x.", "The cat sat on 2024 mats; don't!");

    private static readonly SelectionMethods Registry = new([new RandomScorer(), new Bm25Scorer(), new DsirMethod()]);

    public static TheoryData<string> Methods => new(Registry.Names);

    [Theory]
    [MemberData(nameof(Methods))]
    public void FiveUnevenShardsScoreExactlyLikeOne(string method)
    {
        var pool = TestPools.Pool(400, seed: 5);
        var scorer = Registry.Get(method);

        var whole = ScoreSharded(scorer, [pool], seed: 9);
        var sharded = ScoreSharded(scorer, TestPools.Shards(pool, 0, 173, 1, 0, 226), seed: 9);

        Assert.Equal(whole, sharded);   // bit-identical, not just close
        Assert.Contains(whole, s => s != 0);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void FiveUnevenShardsSelectExactlyLikeOne(string method)
    {
        var pool = TestPools.Pool(400, seed: 6);
        var scorer = Registry.Get(method);
        var shards = TestPools.Shards(pool, 97, 0, 150, 3, 150);

        foreach (var criterion in new[] { SelectionCriterion.OfFraction(0.1), SelectionCriterion.OfFraction(1), SelectionCriterion.OfMaxTokens(500) })
        {
            var whole = SelectSharded(scorer, [pool], criterion, pool.Count);
            var sharded = SelectSharded(scorer, shards, criterion, pool.Count);
            Assert.Equal(whole.Selected, sharded.Selected);
            Assert.Equal(whole.TokenCount, sharded.TokenCount);
            Assert.NotEmpty(sharded.Selected);
        }
    }

    [Fact]
    public void Bm25SelectionPrefersExamplesSharingReferenceTerms()
    {
        var pool = TestPools.Pool(300, seed: 7);
        var scorer = new Bm25Scorer();
        var selection = SelectSharded(scorer, TestPools.Shards(pool, 100, 100, 100), SelectionCriterion.OfFraction(0.1), pool.Count);
        var referenceTerms = Target.Reference.SelectMany(r => Bm25Tokenizer.Tokenize(r.Text)).ToHashSet();
        var byId = pool.ToDictionary(p => p.Id);

        Assert.Equal(30, selection.ExampleCount);
        Assert.All(selection.Selected, s => Assert.Contains(Bm25Tokenizer.Tokenize(byId[s.ExampleId].Text), referenceTerms.Contains));
    }

    private static List<double> ScoreSharded(ISelectionMethod scorer, List<List<PoolExample>> shards, int seed) =>
        SeamRunner.Score(scorer, shards, Target, seed);

    private static GlobalSelection SelectSharded(ISelectionMethod scorer, List<List<PoolExample>> shards, SelectionCriterion criterion, long poolSize)
    {
        var all = SeamRunner.Score(scorer, shards, Target, seed: 3);
        var offset = 0;
        var local = shards.Select(shard =>
        {
            var scores = all.GetRange(offset, shard.Count);
            offset += shard.Count;
            var tokens = shard.Select(e => (long)Bm25Tokenizer.Tokenize(e.Text).Count + 1).ToList();
            return ShardTopK.Select(shard, scores, tokens, criterion, poolSize);
        });
        return GlobalTopKMerger.Merge(local.ToList(), criterion, poolSize);
    }
}
