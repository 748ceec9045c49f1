using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Grains.Budget;
using OrleansSelect.Grains.Services;
using OrleansSelect.Models;
using OrleansSelect.Silo.Hosting;

namespace OrleansSelect.Cluster.Tests.Postgres;

/// <summary>Errors raised inside a silo reach a cluster client in another host as what they are.</summary>
public class PostgresErrorTests
{
    [PostgresFact]
    public async Task A_user_error_raised_in_a_grain_reaches_the_cluster_client_as_its_sentence()
    {
        var connectionString = TestPostgres.Require();
        var (cluster, service) = (TestPostgres.UniqueId("cluster"), TestPostgres.UniqueId("service"));
        using var folder = new TempFolder();
        var (_, targetDirectory) = TestData.Write(folder.Path);
        var silo = await ClusterSilo.StartAsync(
            new(connectionString, FreeTcpPort.Next(), FreeTcpPort.Next(), cluster, service, AdvertisedAddress: "127.0.0.1"),
            new SiloComputeOptions { Precision = Precision.Fp32, Cores = 2 });
        try
        {
            await using var client = await ClusterClient.ConnectAsync(connectionString, cluster, service);

            var unknownPool = await Assert.ThrowsAsync<UserInputException>(() => client.Grains.GetGrain<ISelectionGrain>("s").Run(
                new SelectionRequest("ca", "bm25", targetDirectory, new SelectionTarget(0.1, null), 1, "b", "none", "test")));
            Assert.Equal("no pool named 'ca' has been ingested; run `orleansselect ingest` first", unknownPool.Message);

            // A subclass from another assembly crosses as itself too.
            var budget = client.Grains.GetGrain<IBudgetGrain>("small");
            await budget.Create(10);
            var refused = await Assert.ThrowsAsync<UserInputException>(() => budget.Create(20));
            Assert.Contains("already has a total of 1e+1 FLOPs", refused.Message);
        }
        finally
        {
            await silo.DisposeAsync();
            TestPostgres.Forget(connectionString, service, cluster);
        }
    }
}
