using OrleansSelect.Core.Selection;

namespace OrleansSelect.Core.Tests.Selection;

public class GlobalTopKMergerTests
{
    private static ScoredExample S(string id, double score, long tokens = 10) => new(id, score, tokens);

    private static GlobalSelection Run(SelectionCriterion criterion, params ScoredExample[][] shards)
    {
        var poolSize = shards.Sum(s => s.Length);
        return GlobalTopKMerger.Merge(shards.Select(s => ShardTopK.Select(s, criterion, poolSize)), criterion, poolSize);
    }

    [Fact]
    public void MergesUnevenAndEmptyShardsInRankOrder()
    {
        var selection = Run(SelectionCriterion.OfFraction(0.5),
            [],
            [S("a", 0.1), S("b", 0.95), S("c", 0.5), S("d", 0.5)],
            [S("e", 0.5)],
            [],
            [S("f", 0.99), S("g", 0.0), S("h", 0.7)]);
        // Pool of 8, k = 4: f 0.99, b 0.95, h 0.7, then c (ties with d and e at 0.5, smallest id).
        Assert.Equal(["f", "b", "h", "c"], selection.Selected.Select(s => s.ExampleId));
        Assert.Equal(4, selection.ExampleCount);
        Assert.Equal(40, selection.TokenCount);
    }

    [Fact]
    public void ATokenBudgetStopsAtTheFirstExampleThatDoesNotFit()
    {
        // Global order: a (0.9, 40), x (0.8, 50), b (0.7, 5). Budget 60: a fits (40), x does not (90)
        // so selection stops, even though b would still fit.
        var selection = Run(SelectionCriterion.OfMaxTokens(60),
            [S("a", 0.9, 40), S("b", 0.7, 5)],
            [S("x", 0.8, 50)]);
        Assert.Equal(["a"], selection.Selected.Select(s => s.ExampleId));
        Assert.Equal(40, selection.TokenCount);
    }

    [Fact]
    public void ATopExampleLargerThanTheBudgetSelectsNothing()
    {
        // The shard holding "big" must still send it, or the merger would wrongly go on to "small".
        var selection = Run(SelectionCriterion.OfMaxTokens(5), [S("big", 0.9, 10)], [S("small", 0.8, 1)]);
        Assert.Empty(selection.Selected);
        Assert.Equal(0, selection.TokenCount);
    }

    [Fact]
    public void ABudgetMetExactlyStillTakesZeroTokenExamples()
    {
        var selection = Run(SelectionCriterion.OfMaxTokens(20),
            [S("a", 0.9, 20), S("z", 0.8, 0), S("c", 0.7, 1)],
            [S("b", 0.85, 0)]);
        Assert.Equal(["a", "b", "z"], selection.Selected.Select(s => s.ExampleId));
        Assert.Equal(20, selection.TokenCount);
    }

    [Fact]
    public void NoShardsSelectNothing() =>
        Assert.Empty(GlobalTopKMerger.Merge([], SelectionCriterion.OfFraction(1), 0).Selected);

    [Fact]
    public void ShardedSelectionEqualsSortingThePoolAtOnce()
    {
        var random = new Random(42);
        for (var trial = 0; trial < 300; trial++)
        {
            var size = random.Next(0, 60);
            // Scores from a small set so ties are common; some examples have 0 tokens.
            var pool = Enumerable.Range(0, size)
                .Select(i => S($"id{random.Next(1000):D3}-{i}", random.Next(6) / 5.0, random.Next(0, 20)))
                .ToArray();
            var criterion = random.Next(2) == 0
                ? SelectionCriterion.OfFraction(random.Next(1, 11) / 10.0)
                : SelectionCriterion.OfMaxTokens(random.Next(1, 300));

            // Cut into 1 to 6 shards at random points (empty shards included).
            var shardCount = random.Next(1, 7);
            var cuts = Enumerable.Range(0, shardCount - 1).Select(_ => random.Next(0, size + 1)).Append(0).Append(size).Order().ToArray();
            var shards = Enumerable.Range(0, shardCount).Select(s => pool[cuts[s]..cuts[s + 1]]).ToArray();

            var sharded = Run(criterion, shards);
            var expected = BruteForce(pool, criterion);
            Assert.Equal(expected, sharded.Selected.Select(s => s.ExampleId));
            Assert.Equal(sharded.Selected.Sum(s => s.Tokens), sharded.TokenCount);
        }
    }

    [Fact]
    public void AShardListOutOfRankOrderIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            GlobalTopKMerger.Merge([[S("a", 0.1), S("b", 0.9)]], SelectionCriterion.OfFraction(1), 2));
        Assert.Contains("not in rank order", error.Message);
    }

    [Fact]
    public void AnExampleInTwoShardsIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            GlobalTopKMerger.Merge([[S("a", 0.5)], [S("a", 0.5)]], SelectionCriterion.OfFraction(1), 2));
        Assert.Contains("example 'a' appears in more than one shard", error.Message);
    }

    /// <summary>The definition, written independently: sort everything, take k or take while it fits.</summary>
    private static List<string> BruteForce(ScoredExample[] pool, SelectionCriterion criterion)
    {
        var ranked = pool.OrderByDescending(s => s.Score).ThenBy(s => s.ExampleId, StringComparer.Ordinal).ToList();
        if (criterion.Kind == SelectionCriterionKind.Fraction)
            return ranked.Take((int)Math.Ceiling((decimal)criterion.Fraction!.Value * pool.Length)).Select(s => s.ExampleId).ToList();
        var taken = new List<string>();
        long total = 0;
        foreach (var s in ranked)
        {
            if (total + s.Tokens > criterion.MaxTokens) break;
            total += s.Tokens;
            taken.Add(s.ExampleId);
        }
        return taken;
    }
}
