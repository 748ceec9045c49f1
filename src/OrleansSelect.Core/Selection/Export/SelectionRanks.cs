namespace OrleansSelect.Core.Selection.Export;

/// <summary>
/// Each selected example's 1-based rank in <see cref="RankOrder"/>, the one ranking of the whole
/// system. It equals the position in the manifest unless a method trains in another order.
/// </summary>
public static class SelectionRanks
{
    public static Dictionary<string, int> Of(IEnumerable<ScoredExample> selected)
    {
        var ranked = selected.ToArray();
        Array.Sort(ranked, RankOrder.Instance);
        var ranks = new Dictionary<string, int>(ranked.Length, StringComparer.Ordinal);
        for (int i = 0; i < ranked.Length; i++) ranks[ranked[i].ExampleId] = i + 1;
        return ranks;
    }
}
