namespace OrleansSelect.Abstractions;

/// <summary>
/// The names of every budget, selection, training run and sweep, so that a status page can list them:
/// the other grains are keyed by name and Orleans cannot enumerate them. One grain, keyed
/// <see cref="Key"/>; budgets, selections, trainers and sweeps register themselves when they start.
/// </summary>
public interface ICatalogGrain : IGrainWithStringKey
{
    public const string Key = "catalog";

    /// <summary>Adds a name; registering a name already known is a no-op.</summary>
    Task Register(CatalogKind kind, string name);

    /// <summary>The names of one kind, in ordinal order.</summary>
    Task<IReadOnlyList<string>> List(CatalogKind kind);
}

[GenerateSerializer, Alias("OrleansSelect.CatalogKind")]
public enum CatalogKind
{
    Budget = 0,
    Selection = 1,
    TrainingRun = 2,
    Sweep = 3,
}
