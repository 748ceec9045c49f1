namespace OrleansSelect.Core.Selection;

/// <summary>
/// Merges the shards' <see cref="ShardTopK"/> lists into the exact global selection: a k-way
/// merge in <see cref="RankOrder"/>, then
/// - Fraction: the first k = ⌈fraction · pool size⌉;
/// - Token budget: examples in rank order while the running total stays within the budget,
///   stopping at the first that does not fit. Stopping (rather than skipping it and packing
///   smaller ones after) keeps the selection "the top examples by score", as the paper selects.
/// </summary>
public static class GlobalTopKMerger
{
    public static GlobalSelection Merge(
        IEnumerable<IReadOnlyList<ScoredExample>> shards, SelectionCriterion criterion, long poolSize)
    {
        var lists = shards.ToArray();
        var limit = criterion.Kind == SelectionCriterionKind.Fraction ? criterion.ExampleCount(poolSize) : long.MaxValue;
        var budget = criterion.MaxTokens ?? long.MaxValue;

        var heads = new PriorityQueue<int, ScoredExample>(lists.Length, RankOrder.Instance);
        var positions = new int[lists.Length];
        for (var s = 0; s < lists.Length; s++)
        {
            CheckRanked(lists[s], s);
            if (lists[s].Count > 0)
                heads.Enqueue(s, lists[s][0]);
        }

        var selected = new List<ScoredExample>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long tokens = 0;
        while (selected.Count < limit && heads.TryDequeue(out var shard, out var best))
        {
            if (!seen.Add(best.ExampleId))
                throw new ArgumentException($"example '{best.ExampleId}' appears in more than one shard.", nameof(shards));
            if (tokens + best.Tokens > budget)
                break;
            selected.Add(best);
            tokens += best.Tokens;
            if (++positions[shard] < lists[shard].Count)
                heads.Enqueue(shard, lists[shard][positions[shard]]);
        }
        return new GlobalSelection(selected, selected.Count, tokens);
    }

    /// <summary>A shard list out of order would silently give a wrong selection; fail instead.</summary>
    private static void CheckRanked(IReadOnlyList<ScoredExample> list, int shard)
    {
        for (var i = 1; i < list.Count; i++)
            if (RankOrder.Instance.Compare(list[i - 1], list[i]) >= 0)
                throw new ArgumentException(
                    $"shard {shard}'s candidates are not in rank order (or repeat an example) at position {i}.");
    }
}
