using OrleansSelect.Core.Data;

namespace OrleansSelect.Core.Selection;

/// <summary>
/// A shard's local candidates for the global selection, best first in <see cref="RankOrder"/>:
/// enough that <see cref="GlobalTopKMerger"/> computes the exact global selection from them.
/// - Fraction: the shard's top min(k, n), with k = ⌈fraction · global pool size⌉.
/// - Token budget: candidates in rank order up to and including the first whose running total
///   passes the budget. That one cannot be selected, but the merger must see it to know where
///   the global selection stops; nothing after it can be selected (its running total is already
///   over the budget within this shard alone).
/// </summary>
public static class ShardTopK
{
    public static IReadOnlyList<ScoredExample> Select(
        IReadOnlyList<ScoredExample> shard, SelectionCriterion criterion, long globalPoolSize)
    {
        var ranked = shard.ToArray();
        Array.Sort(ranked, RankOrder.Instance);

        if (criterion.Kind == SelectionCriterionKind.Fraction)
        {
            var k = criterion.ExampleCount(globalPoolSize);
            return ranked.Length <= k ? ranked : ranked[..(int)k];
        }

        var budget = criterion.MaxTokens!.Value;
        long running = 0;
        var count = 0;
        while (count < ranked.Length && running <= budget)
            running += ranked[count++].Tokens;
        return ranked[..count];
    }

    /// <summary>The same, from a shard's examples, their scores and their token counts (parallel lists).</summary>
    public static IReadOnlyList<ScoredExample> Select(
        IReadOnlyList<PoolExample> examples, IReadOnlyList<double> scores, IReadOnlyList<long> tokens,
        SelectionCriterion criterion, long globalPoolSize)
    {
        if (scores.Count != examples.Count || tokens.Count != examples.Count)
            throw new ArgumentException(
                $"a shard of {examples.Count} examples came with {scores.Count} scores and {tokens.Count} token counts.");
        var scored = new ScoredExample[examples.Count];
        for (var i = 0; i < scored.Length; i++)
            scored[i] = new ScoredExample(examples[i].Id, scores[i], tokens[i]);
        return Select(scored, criterion, globalPoolSize);
    }
}
