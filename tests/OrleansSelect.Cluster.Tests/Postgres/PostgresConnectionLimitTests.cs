using Npgsql;
using OrleansSelect.Abstractions;
using OrleansSelect.Grains.Services;
using OrleansSelect.Models;
using OrleansSelect.Silo.Hosting;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests.Postgres;

/// <summary>A silo never holds more database connections than it was given, however many shards a job touches.</summary>
public class PostgresConnectionLimitTests
{
    [PostgresFact]
    public async Task Ingesting_and_scoring_many_shards_stays_within_the_silos_connection_limit()
    {
        var application = TestPostgres.UniqueId("limit");
        var connectionString = new NpgsqlConnectionStringBuilder(TestPostgres.Require()) { ApplicationName = application }.ConnectionString;
        var (cluster, service) = (TestPostgres.UniqueId("cluster"), TestPostgres.UniqueId("service"));
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path, reviews: 150, unrelated: 450);
        const int limit = 3;
        var silo = await ClusterSilo.StartAsync(
            new(connectionString, FreeTcpPort.Next(), FreeTcpPort.Next(), cluster, service, AdvertisedAddress: "127.0.0.1", DatabaseConnections: limit),
            new SiloComputeOptions { Precision = Precision.Fp32, Cores = 2 });
        int most = 0;
        using var stopSampling = new CancellationTokenSource();
        var sampling = Task.Run(async () =>
        {
            while (!stopSampling.IsCancellationRequested)
            {
                most = Math.Max(most, ConnectionsOf(application));
                await Task.Delay(20);
            }
        });
        try
        {
            await using var client = await ClusterClient.ConnectAsync(TestPostgres.Require(), cluster, service);
            // 600 examples in 5-example shards: 120 shards written at ingest, then scored and written again.
            await PoolIngestion.IngestAsync(client.Grains, "many", poolPath, tokensPerShard: 5 * TestData.TokensPerExample);
            await client.Grains.GetGrain<IBudgetGrain>("b").Create(1e15);
            var manifest = await client.Grains.GetGrain<ISelectionGrain>("s").Run(
                new SelectionRequest("many", "bm25", targetDirectory, new SelectionTarget(0.1, null), 1, "b", "none", "test"));
            Assert.Equal(120, manifest.ShardsScored);
        }
        finally
        {
            await stopSampling.CancelAsync();
            await sampling;
            await silo.DisposeAsync();
            TestPostgres.Forget(TestPostgres.Require(), service, cluster);
        }
        Assert.InRange(most, 1, limit);
    }

    private static int ConnectionsOf(string application)
    {
        using var connection = new NpgsqlConnection(TestPostgres.Require());
        connection.Open();
        using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = @a", connection);
        command.Parameters.AddWithValue("a", application);
        return Convert.ToInt32(command.ExecuteScalar());
    }
}
