using OrleansSelect.Cli;
using OrleansSelect.Cli.Commands;
using OrleansSelect.Cli.Console;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;
using Spectre.Console;

namespace OrleansSelect.Cluster.Tests.Postgres;

/// <summary>The cluster mode through the real command line: a client command against a running silo, and the errors a user can cause.</summary>
[Collection(CliCollection.Name)]
public class PostgresCliTests : IDisposable
{
    private readonly CliHarness _cli = new();

    private Task<(int Exit, string Output)> Run(params string[] args) => _cli.RunAsync(args);

    [PostgresFact]
    public async Task Budget_commands_with_cluster_use_the_cluster_not_the_embedded_silo()
    {
        var connectionString = TestPostgres.Require();
        var (cluster, budget) = (TestPostgres.UniqueId("cli"), TestPostgres.UniqueId("budget"));
        await using var silo = await ClusterSilo.StartAsync(
            new(connectionString, FreeTcpPort.Next(), FreeTcpPort.Next(), cluster, AdvertisedAddress: "127.0.0.1"),
            new SiloComputeOptions { Cores = 2 });
        // The command line takes the cluster id from the environment (the CLI tests run one at a time).
        Environment.SetEnvironmentVariable(SiloCommand.ClusterIdVariable, cluster);
        try
        {
            var created = await Run("--cluster", connectionString, "budget", "create", "--name", budget, "--flops", "7e11");
            Assert.Equal(0, created.Exit);
            var status = await Run("--cluster", connectionString, "budget", "status", "--name", budget);
            Assert.Equal(0, status.Exit);
            Assert.Contains("7.00e+11", status.Output);

            // The embedded silo (no --cluster) has its own state, where this budget does not exist.
            var embedded = await Run("budget", "status", "--name", budget);
            Assert.Equal(CommandRunner.UserError, embedded.Exit);
            Assert.Contains($"no budget named '{budget}'", embedded.Output);
        }
        finally
        {
            Environment.SetEnvironmentVariable(SiloCommand.ClusterIdVariable, null);
            await silo.DisposeAsync();
            TestPostgres.Forget(connectionString, clusterId: cluster);
            TestPostgres.ForgetGrain(connectionString, EmbeddedSilo.ServiceId, budget);
        }
    }

    [PostgresFact]
    public async Task A_dead_database_or_no_connection_string_is_one_clear_error()
    {
        TestPostgres.Require();
        int port = FreeTcpPort.Next();
        var dead = await Run("--cluster", $"Host=127.0.0.1;Port={port};Username=u;Password=p;Database=ledger", "budget", "status", "--name", "b");
        Assert.Equal(CommandRunner.UserError, dead.Exit);
        Assert.Contains($"the PostgreSQL database 127.0.0.1:{port}/ledger cannot be used", dead.Output);

        var invalid = await Run("silo", "--postgres", "Hots=x");
        Assert.Equal(CommandRunner.UserError, invalid.Exit);
        Assert.Contains("connection string is not valid", invalid.Output);
    }


    public void Dispose() => _cli.Dispose();
}
