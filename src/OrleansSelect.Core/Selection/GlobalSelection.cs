namespace OrleansSelect.Core.Selection;

/// <summary>The exact global selection, best first, with its totals.</summary>
public sealed record GlobalSelection(IReadOnlyList<ScoredExample> Selected, long ExampleCount, long TokenCount);
