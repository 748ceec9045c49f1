using OrleansSelect.Core.Data;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Core.Selection;

namespace OrleansSelect.Core.Tests.Scoring;

/// <summary>
/// The two-phase protocol the grains run: collect per shard, sum, score per shard with the sum,
/// local top-k per shard, global merge. It must give exactly what one shard holding the whole pool gives.
/// </summary>
public class ShardedScoringTests
{
    private static readonly TargetTask Target = TestPools.Target("Solve the equation for x.", "The cat sat on 2024 mats; don't!");

    public static TheoryData<string> Methods => new(ScorerRegistry.Default.Methods);

    [Theory]
    [MemberData(nameof(Methods))]
    public void FiveUnevenShardsScoreExactlyLikeOne(string method)
    {
        var pool = TestPools.Pool(400, seed: 5);
        var scorer = ScorerRegistry.Default.Get(method);

        var whole = ScoreSharded(scorer, [pool], seed: 9);
        var sharded = ScoreSharded(scorer, TestPools.Shards(pool, 0, 173, 1, 0, 226), seed: 9);

        Assert.Equal(whole, sharded);   // bit-identical, not just close
        Assert.Contains(whole, s => s > 0);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void FiveUnevenShardsSelectExactlyLikeOne(string method)
    {
        var pool = TestPools.Pool(400, seed: 6);
        var scorer = ScorerRegistry.Default.Get(method);
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

    private static List<double> ScoreSharded(IPoolScorer scorer, List<List<PoolExample>> shards, int seed)
    {
        var global = scorer.NeedsCorpusStatistics
            ? CorpusStatistics.Sum(shards.Select(s => scorer.CollectStatistics(s, Target)))
            : null;
        return shards.SelectMany(s => scorer.Score(s, Target, global, seed)).ToList();
    }

    private static GlobalSelection SelectSharded(IPoolScorer scorer, List<List<PoolExample>> shards, SelectionCriterion criterion, long poolSize)
    {
        var global = CorpusStatistics.Sum(shards.Select(s => scorer.CollectStatistics(s, Target)));
        var local = shards.Select(shard =>
        {
            var scores = scorer.Score(shard, Target, global, seed: 3);
            var tokens = shard.Select(e => (long)Bm25Tokenizer.Tokenize(e.Text).Count + 1).ToList();
            return ShardTopK.Select(shard, scores, tokens, criterion, poolSize);
        });
        return GlobalTopKMerger.Merge(local, criterion, poolSize);
    }
}
