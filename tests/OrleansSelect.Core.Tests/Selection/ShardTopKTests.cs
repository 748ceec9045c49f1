using OrleansSelect.Core.Selection;

namespace OrleansSelect.Core.Tests.Selection;

public class ShardTopKTests
{
    private static ScoredExample S(string id, double score, long tokens = 10) => new(id, score, tokens);

    [Fact]
    public void TiesAreBrokenByAscendingOrdinalId()
    {
        var shard = new[] { S("b", 0.5), S("B", 0.5), S("a", 0.5), S("c", 0.9), S("a2", 0.5) };
        var top = ShardTopK.Select(shard, SelectionCriterion.OfFraction(1), 5);
        Assert.Equal(["c", "B", "a", "a2", "b"], top.Select(s => s.ExampleId));
    }

    [Fact]
    public void AFractionKeepsTheShardsTopKOfTheGlobalK()
    {
        var shard = Enumerable.Range(0, 10).Select(i => S($"e{i}", i / 10.0)).ToArray();
        // Global pool of 40, fraction 0.1: k = 4; this shard sends its own top 4.
        var top = ShardTopK.Select(shard, SelectionCriterion.OfFraction(0.1), 40);
        Assert.Equal(["e9", "e8", "e7", "e6"], top.Select(s => s.ExampleId));
        // A shard smaller than k sends everything.
        Assert.Equal(10, ShardTopK.Select(shard, SelectionCriterion.OfFraction(0.5), 40).Count);
    }

    [Fact]
    public void ATokenBudgetSendsUpToTheFirstCandidateThatCrossesIt()
    {
        var shard = new[] { S("a", 0.9, 30), S("b", 0.8, 30), S("c", 0.7, 30), S("d", 0.6, 30) };
        // Running totals 30, 60, 90: "c" crosses 70 and is sent so the merger knows to stop there.
        var top = ShardTopK.Select(shard, SelectionCriterion.OfMaxTokens(70), 4);
        Assert.Equal(["a", "b", "c"], top.Select(s => s.ExampleId));
        // Exactly at the budget the next one is still sent: only the merger can tell whether a 0-token example follows.
        Assert.Equal(["a", "b", "c"], ShardTopK.Select(shard, SelectionCriterion.OfMaxTokens(60), 4).Select(s => s.ExampleId));
    }

    [Fact]
    public void AnEmptyShardSendsNothing()
    {
        Assert.Empty(ShardTopK.Select([], SelectionCriterion.OfFraction(0.5), 10));
        Assert.Empty(ShardTopK.Select([], SelectionCriterion.OfMaxTokens(10), 10));
    }

    [Fact]
    public void MismatchedParallelListsAreRejected()
    {
        var examples = new[] { new OrleansSelect.Core.Data.PoolExample("a", "p", "r", "s", "t") };
        var error = Assert.Throws<ArgumentException>(() =>
            ShardTopK.Select(examples, [0.5, 0.2], [1L], SelectionCriterion.OfFraction(1), 1));
        Assert.Equal("a shard of 1 examples came with 2 scores and 1 token counts.", error.Message);
    }
}
