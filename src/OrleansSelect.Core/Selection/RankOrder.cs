namespace OrleansSelect.Core.Selection;

/// <summary>
/// The one ranking used everywhere: higher score first, ties by ascending example id (ordinal),
/// so a selection never depends on shard layout or arrival order. NaN sorts last.
/// </summary>
public sealed class RankOrder : IComparer<ScoredExample>
{
    public static RankOrder Instance { get; } = new();

    public int Compare(ScoredExample? x, ScoredExample? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return 1;
        if (y is null) return -1;
        var byScore = y.Score.CompareTo(x.Score);   // double.CompareTo orders NaN below every number
        return byScore != 0 ? byScore : string.CompareOrdinal(x.ExampleId, y.ExampleId);
    }
}
