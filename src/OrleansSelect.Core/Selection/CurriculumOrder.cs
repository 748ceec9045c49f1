using OrleansSelect.Core.Data.Build;

namespace OrleansSelect.Core.Selection;

/// <summary>
/// The paper's curriculum over a perplexity selection: the middle third of the ranking first, then
/// the lowest-perplexity third, then the highest, each third shuffled with the seed (by
/// <see cref="SeededOrder"/>, so the order depends only on the seed and the ids).
/// </summary>
public static class CurriculumOrder
{
    /// <summary><paramref name="ranked"/> is best first (lowest perplexity first); thirds are cut at ⌊n/3⌋ and ⌊2n/3⌋.</summary>
    public static IReadOnlyList<ScoredExample> MiddleLowHigh(IReadOnlyList<ScoredExample> ranked, int seed)
    {
        int n = ranked.Count, first = n / 3, second = 2 * n / 3;
        var low = ranked.Take(first);
        var middle = ranked.Skip(first).Take(second - first);
        var high = ranked.Skip(second);
        return [.. Shuffled(middle, seed), .. Shuffled(low, seed), .. Shuffled(high, seed)];
    }

    private static IEnumerable<ScoredExample> Shuffled(IEnumerable<ScoredExample> third, int seed) =>
        third.OrderBy(e => SeededOrder.Key(seed, e.ExampleId)).ThenBy(e => e.ExampleId, StringComparer.Ordinal);
}
