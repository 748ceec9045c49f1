using OrleansSelect.Abstractions;

namespace OrleansSelect.Grains.Catalog;

/// <summary>How a grain adds itself to the catalog: one idempotent call.</summary>
public static class CatalogRegistration
{
    public static Task RegisterAsync(IGrainFactory grains, CatalogKind kind, string name) =>
        grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).Register(kind, name);
}
