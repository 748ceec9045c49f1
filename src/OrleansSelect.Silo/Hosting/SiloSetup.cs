using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using System.Text.Json.Serialization;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansSelect.Grains;
using OrleansSelect.Grains.Budget;
using OrleansSelect.Grains.Pool;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Storage;
using OrleansSelect.Silo.Web;

namespace OrleansSelect.Silo.Hosting;

/// <summary>
/// What every OrleansSelect silo has, whatever the mode: ADO.NET grain storage with JSON payloads
/// (readable in the database, and free of Orleans attributes on the pure domain's state types),
/// each write counted by <see cref="CountingGrainStorageSerializer"/>, budgets' ledgers as rows of the same database,
/// the compute worker, the target cache, the selection methods, shards placed by index, and call timeouts long enough for training; with a web
/// port also what the web endpoints need (see <see cref="SiloWeb"/>).
/// </summary>
public static class SiloSetup
{
    /// <summary>Scoring a shard or a whole training run is one grain call: allow hours, not Orleans' default 30 s.</summary>
    public static readonly TimeSpan LongCallTimeout = TimeSpan.FromHours(6);

    public static ISiloBuilder AddOrleansSelect(
        this ISiloBuilder silo, string storageInvariant, string storageConnectionString, SiloComputeOptions compute, bool web = false)
    {
        silo.UseSystemTextJsonGrainStorageSerializer();
        // A target without labels has no accuracy: NaN must be storable.
        silo.Services.Configure<SystemTextJsonGrainStorageSerializerOptions>(o =>
            o.JsonSerializerOptions.NumberHandling |= JsonNumberHandling.AllowNamedFloatingPointLiterals);
        silo.AddAdoNetGrainStorage(StorageNames.Default, (OptionsBuilder<AdoNetGrainStorageOptions> options) =>
            options.Configure<IGrainStorageSerializer>((o, serializer) =>
            {
                o.Invariant = storageInvariant;
                o.ConnectionString = storageConnectionString;
                // Counted, so metrics and `bench scale` show what grain state costs to write.
                o.GrainStorageSerializer = new CountingGrainStorageSerializer(serializer);
            }));
        silo.Services.AddSingleton(services => new SqlBudgetLedgerStore(
            storageInvariant, storageConnectionString, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        silo.Services.AddSingleton<IBudgetLedgerStore>(services => services.GetRequiredService<SqlBudgetLedgerStore>());
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = LongCallTimeout);
        silo.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = LongCallTimeout);

        silo.Services.AddOrleansSelectErrorSerialization();
        silo.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Membership, new SiloStartClock());
        silo.Services.AddSingleton(compute);
        // One heavy job at a time: torch already spreads a job over every core the silo has.
        silo.Services.AddSingleton(services => new ComputeWorker(
            slots: 1, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));
        // Made at start, not at the first heavy call, so /metrics shows an idle worker from the beginning.
        silo.AddStartupTask((services, _) =>
        {
            services.GetRequiredService<ComputeWorker>();
            return Task.CompletedTask;
        });
        silo.Services.AddSingleton<TargetTaskCache>();
        silo.Services.AddPlacementDirector<ShardIndexPlacement, ShardIndexPlacementDirector>();
        silo.Services.AddSelectionMethods();
        if (web)
            silo.AddWebServices(storageInvariant, storageConnectionString);
        return silo;
    }
}
