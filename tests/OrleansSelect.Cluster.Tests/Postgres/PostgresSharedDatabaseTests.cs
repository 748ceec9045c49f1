using Npgsql;
using OrleansSelect.Abstractions;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;
using OrleansSelect.Silo.Storage;

namespace OrleansSelect.Cluster.Tests.Postgres;

/// <summary>A database that another Orleans service already uses keeps its OrleansQuery and tables as they were.</summary>
public class PostgresSharedDatabaseTests
{
    private const string OtherServicesQuery = "SELECT 1 -- the read query of another service";

    [PostgresFact]
    public async Task A_cluster_in_a_database_shared_with_another_orleans_service_leaves_its_query_table_alone()
    {
        TestPostgres.Require();
        // A database of its own, whose public schema holds another service's OrleansQuery.
        var admin = PostgresDatabase.Parse(TestPostgres.ConnectionString!);
        var database = $"orleansselect_shared_{Guid.NewGuid():N}";
        TestPostgres.Execute(admin.ConnectionString, $"CREATE DATABASE {database}");
        // The server's default search path starts with "$user", which here is also our schema's
        // name; another service's database would rather look in public only.
        TestPostgres.Execute(admin.ConnectionString, $"ALTER DATABASE {database} SET search_path = public");
        var shared = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = database }.ConnectionString;
        var (cluster, service) = (TestPostgres.UniqueId("shared"), TestPostgres.UniqueId("service"));
        try
        {
            TestPostgres.Execute(shared, $"""
                CREATE TABLE OrleansQuery (QueryKey text NOT NULL PRIMARY KEY, QueryText text NOT NULL);
                INSERT INTO OrleansQuery VALUES ('ReadFromStorageKey', '{OtherServicesQuery}');
                """);

            await using (var silo = await ClusterSilo.StartAsync(
                new(shared, FreeTcpPort.Next(), FreeTcpPort.Next(), cluster, service, AdvertisedAddress: "127.0.0.1"), new SiloComputeOptions { Cores = 2 }))
            {
                // Orleans' providers ran their own SQL (membership, grain state) through our schema.
                await using var client = await ClusterClient.ConnectAsync(shared, cluster, service);
                await client.Grains.GetGrain<IBudgetGrain>("b").Create(10);
            }

            Assert.Equal(OtherServicesQuery, TestPostgres.Scalar(shared, "SELECT string_agg(QueryText, '|') FROM public.OrleansQuery"));
            Assert.Equal(1L, TestPostgres.Scalar(shared, $"SELECT count(*) FROM {PostgresSchema.DefaultName}.orleansselect_budget_ledger WHERE service_id = '{service}' AND budget = 'b'"));
            Assert.True((long)TestPostgres.Scalar(shared, $"SELECT count(*) FROM {PostgresSchema.DefaultName}.orleansselect_grain_state WHERE service_id = '{service}'")! >= 1, "no grain state was written through our schema");
            Assert.Null(TestPostgres.Scalar(shared, "SELECT to_regclass('public.orleansselect_grain_state')::text"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            TestPostgres.Execute(admin.ConnectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }
}
