using OrleansSelect.Core.Selection;

namespace OrleansSelect.Core.Tests.Selection;

public class MergeTreeTests
{
    [Theory]
    [InlineData(1, 4)]
    [InlineData(4, 4)]
    [InlineData(5, 4)]
    [InlineData(17, 4)]
    [InlineData(64, 4)]
    [InlineData(65, 4)]
    [InlineData(10_000, 100)]
    [InlineData(10_001, 100)]
    public void Every_shard_is_under_exactly_one_leaf_and_no_node_has_more_children_than_the_fan_out(int shards, int fanOut)
    {
        var leaves = new List<IReadOnlyList<int>>();
        void Walk(IReadOnlyList<int> node)
        {
            if (MergeTree.IsLeaf(node.Count, fanOut))
            {
                leaves.Add(node);
                return;
            }
            var children = MergeTree.Children(node, fanOut);
            Assert.InRange(children.Count, 2, fanOut);
            Assert.InRange(children.Max(c => c.Count) - children.Min(c => c.Count), 0, 1);
            Assert.All(children, c => Assert.True(c.Count < node.Count));
            foreach (var child in children)
                Walk(child);
        }
        Walk(Enumerable.Range(0, shards).ToArray());

        Assert.Equal(Enumerable.Range(0, shards), leaves.SelectMany(l => l));
        Assert.All(leaves, l => Assert.InRange(l.Count, 1, fanOut));
        // Node keys (first and last shard) are unique within a selection.
        Assert.Equal(leaves.Count, leaves.Select(l => MergeTree.NodeKey("s", l)).Distinct().Count());
    }

    [Fact]
    public void Ten_thousand_shards_at_fan_out_100_make_100_leaves_of_100()
    {
        var children = MergeTree.Children(Enumerable.Range(0, 10_000).ToArray(), 100);
        Assert.Equal(100, children.Count);
        Assert.All(children, c => Assert.Equal(100, c.Count));
    }

    [Theory]
    [InlineData(32, 100, 32, 1)]
    [InlineData(32, 4, 4, 8)]
    [InlineData(32, 1, 1, 32)]
    [InlineData(1, 3, 1, 1)]
    public void The_calls_in_flight_are_shared_down_the_tree(int maxInFlight, int children, int atOnce, int perChild) =>
        Assert.Equal((atOnce, perChild), MergeTree.ShareInFlight(maxInFlight, children));

    [Fact]
    public void A_fan_out_below_two_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MergeTree.Children([1, 2, 3], 1));

    /// <summary>
    /// What makes the tree exact: cutting each node's merged lists with ShardTopK loses nothing the
    /// global merge needs, for a fraction and for a token budget, with ties and uneven token counts.
    /// </summary>
    [Theory]
    [InlineData(0.05, null)]
    [InlineData(0.5, null)]
    [InlineData(null, 900L)]
    [InlineData(null, 20_000L)]
    public void A_tree_of_cuts_gives_the_single_process_selection(double? fraction, long? maxTokens)
    {
        var random = new Random(3);
        var pool = Enumerable.Range(0, 1000)
            .Select(i => new ScoredExample($"e{i:D4}", Math.Round(random.NextDouble(), 2), random.Next(1, 60))).ToArray();
        var criterion = fraction is { } f ? SelectionCriterion.OfFraction(f) : SelectionCriterion.OfMaxTokens(maxTokens!.Value);
        var single = GlobalTopKMerger.Merge([pool.Order(RankOrder.Instance).ToArray()], criterion, pool.Length);

        var shards = pool.Chunk(7).ToArray();
        IReadOnlyList<ScoredExample> Node(IReadOnlyList<int> indices) => MergeTree.IsLeaf(indices.Count, 3)
            ? ShardTopK.Select(indices.SelectMany(i => ShardTopK.Select(shards[i], criterion, pool.Length)).ToList(), criterion, pool.Length)
            : ShardTopK.Select(MergeTree.Children(indices, 3).SelectMany(Node).ToList(), criterion, pool.Length);
        var viaTree = GlobalTopKMerger.Merge([Node(Enumerable.Range(0, shards.Length).ToArray())], criterion, pool.Length);

        Assert.NotEmpty(single.Selected);
        Assert.Equal(single.Selected, viaTree.Selected);
        Assert.Equal(single.TokenCount, viaTree.TokenCount);
    }
}
