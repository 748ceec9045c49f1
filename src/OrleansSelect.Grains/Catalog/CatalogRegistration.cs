using OrleansSelect.Abstractions;
using OrleansSelect.Grains.Services;

namespace OrleansSelect.Grains.Catalog;

/// <summary>
/// How a grain adds itself to the catalog: one idempotent call. The catalog is one grain for the
/// whole service, so its write can lose to another activation of it (Orleans may make one for a
/// moment while a dead silo's directory is rebuilt, and another cluster on the same database and
/// service id has its own); the loser drops its activation, so the call is repeated and re-reads.
/// Without this a budget's or a run's start failed on the catalog's version conflict.
/// </summary>
public static class CatalogRegistration
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static Task RegisterAsync(IGrainFactory grains, CatalogKind kind, string name) =>
        SiloLossRetry.RunAsync(() => grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).Register(kind, name), Patience);
}
