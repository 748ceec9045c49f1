using Npgsql;
using OrleansSelect.Abstractions;
using OrleansSelect.Cli.Commands;
using OrleansSelect.Cli.Console;
using OrleansSelect.Core;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;
using OrleansSelect.Silo.Storage;

namespace OrleansSelect.Cluster.Tests.Postgres;

/// <summary>`db init`, the schema's version, and what a silo does with a schema of another version.</summary>
[Collection(CliCollection.Name)]
public class PostgresSchemaVersionTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [PostgresFact]
    public async Task Db_init_creates_the_schema_and_then_only_refreshes_it()
    {
        var connectionString = TestPostgres.WithOwnSchema();
        var schema = PostgresSchema.NameOf(connectionString);
        try
        {
            var created = await _cli.RunAsync("db", "init", "--postgres", connectionString);
            Assert.Equal(0, created.Exit);
            Assert.Contains($"created schema '{schema}' in {PostgresDatabase.Describe(connectionString)} at version {PostgresSchema.Version}", created.Output);
            Assert.True(TestPostgres.TableExists(connectionString, $"{schema}.orleansquery"));
            Assert.True(TestPostgres.TableExists(connectionString, $"{schema}.orleansselect_grain_state"));

            var again = await _cli.RunAsync("db", "init", "--postgres", connectionString);
            Assert.Equal(0, again.Exit);
            Assert.Contains($"is already at version {PostgresSchema.Version}; query texts refreshed", again.Output);
        }
        finally
        {
            TestPostgres.DropSchema(connectionString);
        }
    }

    [PostgresFact]
    public async Task A_schema_of_another_version_is_refused_by_silo_client_and_db_init_and_left_as_it_was()
    {
        var connectionString = TestPostgres.WithOwnSchema();
        var schema = PostgresSchema.NameOf(connectionString);
        var where = PostgresDatabase.Describe(connectionString);
        try
        {
            PostgresSchema.Migrate(connectionString);
            TestPostgres.Execute(connectionString, $"UPDATE {schema}.orleansselect_schema SET version = 7");
            var expected = $"the OrleansSelect schema '{schema}' in {where} is version 7, newer than version {PostgresSchema.Version} of this release: run the release that made it";

            var silo = await Assert.ThrowsAsync<UserInputException>(() => ClusterSilo.StartAsync(
                new(connectionString, FreeTcpPort.Next(), FreeTcpPort.Next(), "refused", AdvertisedAddress: "127.0.0.1"), new SiloComputeOptions()));
            Assert.Equal(expected, silo.Message);
            var client = await Assert.ThrowsAsync<UserInputException>(() => ClusterClient.ConnectAsync(connectionString, "refused"));
            Assert.Equal(expected, client.Message);
            var init = await _cli.RunAsync("db", "init", "--postgres", connectionString);
            Assert.Equal(CommandRunner.UserError, init.Exit);
            Assert.Contains(expected, init.Output);

            // Nothing was written: the version stands and no silo joined.
            Assert.Equal(7, TestPostgres.Scalar(connectionString, $"SELECT version FROM {schema}.orleansselect_schema"));
            Assert.Equal(0L, TestPostgres.Scalar(connectionString, $"SELECT count(*) FROM {schema}.orleansselect_membership_version"));

            TestPostgres.Execute(connectionString, $"UPDATE {schema}.orleansselect_schema SET version = 0");
            var older = await Assert.ThrowsAsync<UserInputException>(() => ClusterSilo.StartAsync(
                new(connectionString, FreeTcpPort.Next(), FreeTcpPort.Next(), "refused", AdvertisedAddress: "127.0.0.1"), new SiloComputeOptions()));
            Assert.Equal($"the OrleansSelect schema '{schema}' in {where} is version 0, this release needs version {PostgresSchema.Version}: run `orleansselect db init` to migrate it", older.Message);
        }
        finally
        {
            TestPostgres.DropSchema(connectionString);
        }
    }

    [PostgresFact]
    public async Task A_silo_port_in_use_is_one_sentence_before_the_database_is_touched()
    {
        var connectionString = TestPostgres.WithOwnSchema();
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, 0);
        holder.Start();
        int taken = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;
        try
        {
            var error = await Assert.ThrowsAsync<UserInputException>(() => ClusterSilo.StartAsync(
                new(connectionString, taken, FreeTcpPort.Next(), "busy", AdvertisedAddress: "127.0.0.1"), new SiloComputeOptions()));
            Assert.Equal($"the silo port {taken} is already in use on this host: stop what listens there or give another with --silo-port", error.Message);
            Assert.False(TestPostgres.TableExists(connectionString, $"{PostgresSchema.NameOf(connectionString)}.orleansselect_schema"));

            var gateway = await _cli.RunAsync("silo", "--postgres", connectionString, "--silo-port", FreeTcpPort.Next().ToString(), "--gateway-port", taken.ToString());
            Assert.Equal(CommandRunner.UserError, gateway.Exit);
            Assert.Contains($"the gateway port {taken} is already in use on this host", gateway.Output);

            // The web port too: before, Kestrel's bind failed after the silo had joined, with Orleans' shutdown warnings.
            var web = await _cli.RunAsync("silo", "--postgres", connectionString, "--silo-port", FreeTcpPort.Next().ToString(),
                "--gateway-port", FreeTcpPort.Next().ToString(), "--web-port", taken.ToString());
            Assert.Equal(CommandRunner.UserError, web.Exit);
            Assert.Equal($"error: the web port {taken} is already in use on this host: stop what listens there or give another with --web-port", web.Output.Trim());
            Assert.False(TestPostgres.TableExists(connectionString, $"{PostgresSchema.NameOf(connectionString)}.orleansselect_schema"));
        }
        finally
        {
            holder.Stop();
            TestPostgres.DropSchema(connectionString);
        }
    }

    [PostgresFact]
    public async Task The_password_may_come_from_its_own_variable_and_a_wrong_one_is_one_sentence()
    {
        var withPassword = TestPostgres.WithOwnSchema();
        var builder = PostgresDatabase.Parse(withPassword);
        var password = builder.Password!;
        builder.Password = null;
        var withoutPassword = builder.ConnectionString;
        try
        {
            Environment.SetEnvironmentVariable(CommonOptions.PostgresPasswordVariable, password);
            var created = await _cli.RunAsync("db", "init", "--postgres", withoutPassword);
            Assert.Equal(0, created.Exit);

            Environment.SetEnvironmentVariable(CommonOptions.PostgresPasswordVariable, "wrong;Host=elsewhere;'\"");
            var wrong = await _cli.RunAsync("db", "init", "--postgres", withoutPassword);
            Assert.Equal(CommandRunner.UserError, wrong.Exit);
            Assert.Contains($"the PostgreSQL database {PostgresDatabase.Describe(withPassword)} cannot be used: 28P01: password authentication failed for user \"{builder.Username}\"", wrong.Output);
        }
        finally
        {
            Environment.SetEnvironmentVariable(CommonOptions.PostgresPasswordVariable, null);
            TestPostgres.DropSchema(withPassword);
        }
    }

    [PostgresFact]
    public async Task Db_init_moves_an_older_installs_tables_from_public_into_the_schema_and_a_silo_waits_for_it()
    {
        // A database of its own whose public schema holds what a release from before the schema left:
        // version 1's tables (made here by this release pointed at public, its version record and the
        // ledger tables of version 2 then removed, as that release had neither) with a budget's
        // catalog entry in them, and an OrleansQuery.
        var admin = PostgresDatabase.Parse(TestPostgres.ConnectionString!);
        var database = $"orleansselect_older_{Guid.NewGuid():N}";
        TestPostgres.Execute(admin.ConnectionString, $"CREATE DATABASE {database}");
        var inDatabase = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = database };
        var connectionString = PostgresDatabase.InSchema(inDatabase.ConnectionString);
        var (cluster, service) = (TestPostgres.UniqueId("older"), TestPostgres.UniqueId("service"));
        try
        {
            var inPublic = new NpgsqlConnectionStringBuilder(inDatabase.ConnectionString) { SearchPath = "public" }.ConnectionString;
            await using (var silo = await StartSilo(inPublic, cluster, service))
            await using (var client = await ClusterClient.ConnectAsync(inPublic, cluster, service))
                await client.Grains.GetGrain<IBudgetGrain>("kept").Create(1234);
            TestPostgres.Execute(inPublic, "DROP TABLE public.orleansselect_schema, public.orleansselect_budget_ledger, public.orleansselect_ledger_operation");

            // A silo does not start on an empty schema beside that data; nothing is written.
            var refused = await Assert.ThrowsAsync<UserInputException>(() => StartSilo(connectionString, cluster, service));
            Assert.Equal($"{PostgresDatabase.Describe(connectionString)} holds an older OrleansSelect install's tables in schema 'public': " +
                $"run `orleansselect db init` once to move them into schema '{PostgresSchema.DefaultName}'", refused.Message);
            Assert.Null(TestPostgres.Scalar(connectionString, $"SELECT to_regnamespace('{PostgresSchema.DefaultName}')::text"));

            var init = await _cli.RunAsync("db", "init", "--postgres", connectionString);
            Assert.Equal(0, init.Exit);
            Assert.Contains($"moved an older install's tables from schema 'public' into schema '{PostgresSchema.DefaultName}' in {PostgresDatabase.Describe(connectionString)} at version {PostgresSchema.Version}", init.Output);
            Assert.Null(TestPostgres.Scalar(connectionString, "SELECT to_regclass('public.orleansselect_grain_state')::text"));
            Assert.NotNull(TestPostgres.Scalar(connectionString, "SELECT to_regclass('public.orleansquery')::text")); // maybe another service's
            Assert.Equal(PostgresSchema.Version, TestPostgres.Scalar(connectionString, $"SELECT version FROM {PostgresSchema.DefaultName}.orleansselect_schema"));

            // The grain state written before the move is there for a silo on the schema.
            await using (var silo = await StartSilo(connectionString, cluster, service))
            await using (var client = await ClusterClient.ConnectAsync(connectionString, cluster, service))
                Assert.Contains("kept", await client.Grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).List(CatalogKind.Budget));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            TestPostgres.Execute(admin.ConnectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static Task<ClusterSilo> StartSilo(string connectionString, string cluster, string service) => ClusterSilo.StartAsync(
        new(connectionString, FreeTcpPort.Next(), FreeTcpPort.Next(), cluster, service, AdvertisedAddress: "127.0.0.1"), new SiloComputeOptions { Cores = 2 });

    public void Dispose() => _cli.Dispose();
}
