using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;
using OrleansSelect.Silo.Storage;

namespace OrleansSelect.Cluster.Tests;

/// <summary>Configures each test silo exactly as the embedded mode does, on the SQLite file the test names.</summary>
public sealed class TestSiloConfigurator : ISiloConfigurator
{
    public const string DatabaseKey = "OrleansSelectTests:Database";

    public void Configure(ISiloBuilder silo)
    {
        var database = silo.Configuration[DatabaseKey] ?? throw new InvalidOperationException("the test cluster has no database path");
        var connectionString = EmbeddedSilo.ConnectionStringFor(database);
        SqliteGrainStorageSchema.Apply(connectionString);
        silo.AddOrleansSelect(SqliteGrainStorageSchema.Invariant, connectionString,
            new SiloComputeOptions { Precision = Models.Precision.Fp32, Cores = 2 });
    }
}
