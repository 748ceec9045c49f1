using OrleansSelect.Abstractions;

namespace OrleansSelect.Grains.Catalog;

/// <summary>The names the catalog knows, by kind.</summary>
public sealed class CatalogState
{
    public SortedSet<string> Budgets { get; set; } = new(StringComparer.Ordinal);
    public SortedSet<string> Selections { get; set; } = new(StringComparer.Ordinal);
    public SortedSet<string> TrainingRuns { get; set; } = new(StringComparer.Ordinal);
    public SortedSet<string> Sweeps { get; set; } = new(StringComparer.Ordinal);

    public SortedSet<string> Of(CatalogKind kind) => kind switch
    {
        CatalogKind.Budget => Budgets,
        CatalogKind.Selection => Selections,
        CatalogKind.TrainingRun => TrainingRuns,
        CatalogKind.Sweep => Sweeps,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown catalog kind"),
    };
}
