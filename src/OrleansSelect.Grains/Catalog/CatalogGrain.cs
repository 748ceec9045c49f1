using OrleansSelect.Abstractions;

namespace OrleansSelect.Grains.Catalog;

/// <summary>Keeps the list of names; writes only when a name is new.</summary>
public sealed class CatalogGrain(
    [PersistentState("catalog", StorageNames.Default)] IPersistentState<CatalogState> state)
    : Grain, ICatalogGrain
{
    public async Task Register(CatalogKind kind, string name)
    {
        if (state.State.Of(kind).Add(name))
            await state.WriteOrDeactivateAsync(this);
    }

    public Task<IReadOnlyList<string>> List(CatalogKind kind) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Of(kind).ToList());
}
