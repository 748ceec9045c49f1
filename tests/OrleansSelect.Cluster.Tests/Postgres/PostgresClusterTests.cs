using Npgsql;
using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Grains.Services;
using OrleansSelect.Models;
using OrleansSelect.Silo.Hosting;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests.Postgres;

/// <summary>The cluster mode end to end: real silos and a client that find each other only through PostgreSQL.</summary>
public class PostgresClusterTests
{
    [PostgresFact]
    public async Task Two_silos_and_a_client_share_the_ledger_and_select_through_postgres()
    {
        var connectionString = TestPostgres.Require();
        var (cluster, service) = (TestPostgres.UniqueId("cluster"), TestPostgres.UniqueId("service"));
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var compute = new SiloComputeOptions { Precision = Precision.Fp32, Cores = 2 };
        ClusterSiloOptions Options() => new(connectionString, FreeTcpPort.Next(), FreeTcpPort.Next(), cluster, service, AdvertisedAddress: "127.0.0.1");

        var first = await ClusterSilo.StartAsync(Options(), compute);
        var second = await ClusterSilo.StartAsync(Options(), compute);
        try
        {
            Assert.Equal(2, ActiveSilos(connectionString, cluster));
            await using (var client = await ClusterClient.ConnectAsync(connectionString, cluster, service))
            {
                var budget = client.Grains.GetGrain<IBudgetGrain>("b");
                await budget.Create(5e12);
                var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
                    budget.Reserve($"op-{i}", 1e12, FlopCategory.Training, "random")));
                Assert.Equal(5, answers.Count(a => a.Granted));
                await Task.WhenAll(Enumerable.Range(0, 8).Where(i => answers[i].Granted).Select(i => budget.Commit($"op-{i}", 1e11)));

                // BM25 across shards that both silos may host: 10% of 300 examples, every one a review.
                await PoolIngestion.IngestAsync(client.Grains, "toy", poolPath, tokensPerShard: 50 * TestData.TokensPerExample);
                var request = new SelectionRequest("toy", "bm25", targetDirectory, new SelectionTarget(0.1, null), 1, "b", "none", "test");
                var manifest = await client.Grains.GetGrain<ISelectionGrain>("s1").Run(request);
                Assert.Equal(30, manifest.SelectedCount);
                Assert.Equal(6, manifest.ShardsScored);
                var chosen = await client.Grains.GetGrain<IShardGrain>("toy/0").Fetch(
                    (await client.Grains.SelectedOf(manifest)).Where(c => c.Shard == 0).Select(c => c.ExampleId).ToList());
                Assert.All(chosen, e => Assert.Equal("pool-reviews", e.Source));

                var status = await budget.GetStatus();
                Assert.Equal(5e11 + manifest.SelectionFlops, status.SpentFlops, precision: 0);
                Assert.Equal(0, status.OpenReservations);
            }

            // One silo leaves; the state it may have held is in PostgreSQL, so the other answers for it.
            await first.DisposeAsync();
            await using var again = await ClusterClient.ConnectAsync(connectionString, cluster, service);
            var after = await again.Grains.GetGrain<IBudgetGrain>("b").GetStatus();
            Assert.Equal(5e12, after.TotalFlops);
            Assert.True(after.SpentFlops > 5e11);
            Assert.Equal(30, (await again.Grains.GetGrain<ISelectionGrain>("s1").GetManifest())!.SelectedCount);
        }
        finally
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
            TestPostgres.Forget(connectionString, service, cluster);
        }
    }

    [PostgresFact]
    public async Task A_client_of_a_database_nobody_listens_on_gets_one_clear_error()
    {
        TestPostgres.Require();
        var error = await Assert.ThrowsAsync<UserInputException>(() => ClusterClient.ConnectAsync(
            $"Host=127.0.0.1;Port={FreeTcpPort.Next()};Username=nobody;Password=x;Database=gone;Timeout=3"));
        Assert.Contains("127.0.0.1", error.Message);
        Assert.Contains("/gone", error.Message);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [PostgresFact]
    public async Task A_client_of_a_cluster_without_silos_gives_up_with_a_clear_error()
    {
        var connectionString = TestPostgres.Require();
        var cluster = TestPostgres.UniqueId("empty");
        var error = await Assert.ThrowsAsync<UserInputException>(() =>
            ClusterClient.ConnectAsync(connectionString, cluster, connectTimeout: TimeSpan.FromSeconds(2)));
        Assert.Contains($"no silo of cluster '{cluster}'", error.Message);
    }

    private static int ActiveSilos(string connectionString, string cluster)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT count(*) FROM orleansselect_membership WHERE cluster_id = @c AND status = 3", connection);
        command.Parameters.AddWithValue("c", cluster);
        return Convert.ToInt32(command.ExecuteScalar());
    }

}
