using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansSelect.Core;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Storage;
using OrleansSelect.Silo.Web;

namespace OrleansSelect.Silo.Hosting;

/// <summary>
/// The embedded default: one process, an in-process silo with localhost clustering, and grain
/// state in a SQLite file under the state directory. One silo per state folder: a second command
/// on the folder becomes a client of the first one's silo (<see cref="StartOrJoinAsync"/>), since two
/// silos on one database would race each other's grain state. Dispose it to stop the silo cleanly.
/// </summary>
public sealed class EmbeddedSilo : IOrleansSession
{
    public const string DatabaseFileName = "orleansselect.db";
    public const string ServiceId = "orleansselect";
    public const string ClusterId = "embedded";

    /// <summary>How long a second command waits for a silo that is still starting (or stopping) on the folder.</summary>
    public static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(60);

    private readonly IHost _host;
    private readonly RunningSilo.Claim _claim;

    private EmbeddedSilo(IHost host, RunningSilo.Claim claim) => (_host, _claim) = (host, claim);

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static string ConnectionStringFor(string databasePath) =>
        new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();

    /// <summary>This process's own silo on the folder, or a client of the silo another process already runs there.</summary>
    public static async Task<IOrleansSession> StartOrJoinAsync(
        string stateDirectory, SiloComputeOptions compute, int? webPort = null, CancellationToken cancellation = default)
    {
        var connectionString = PrepareDatabase(stateDirectory);
        var giveUpAt = DateTime.UtcNow + JoinTimeout;
        while (true)
        {
            if (RunningSilo.TryClaim(stateDirectory) is { } claim)
                return await StartAsync(connectionString, claim, compute, webPort, cancellation);
            if (RunningSilo.Read(stateDirectory) is { } running && await running.AnswersAsync(cancellation))
                return await EmbeddedSiloClient.ConnectAsync(running, stateDirectory, cancellation);
            // The owner is still starting (no address yet) or stopping (its lock not yet released).
            if (DateTime.UtcNow >= giveUpAt)
                throw new UserInputException(RunningSilo.Read(stateDirectory) is { } stuck
                    ? $"the state folder {Path.GetFullPath(stateDirectory)} is held by process {stuck.ProcessId}, whose silo does not answer on port {stuck.GatewayPort}; wait for it to end or use another --state"
                    : $"the state folder {Path.GetFullPath(stateDirectory)} is held by another process that has not started its silo; wait for it or use another --state");
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellation);
        }
    }

    /// <summary>Starts this process's silo on the folder; refused when another silo holds it.</summary>
    public static async Task<EmbeddedSilo> StartAsync(
        string stateDirectory, SiloComputeOptions compute, int? webPort = null, CancellationToken cancellation = default)
    {
        var connectionString = PrepareDatabase(stateDirectory);
        var claim = RunningSilo.TryClaim(stateDirectory)
            ?? throw new UserInputException($"the state folder {Path.GetFullPath(stateDirectory)} is in use by another silo");
        return await StartAsync(connectionString, claim, compute, webPort, cancellation);
    }

    private static string PrepareDatabase(string stateDirectory)
    {
        var databasePath = Path.Combine(Path.GetFullPath(stateDirectory), DatabaseFileName);
        var connectionString = ConnectionStringFor(databasePath);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
            SqliteGrainStorageSchema.Apply(connectionString);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"the state database {databasePath} cannot be opened: {e.Message}", e);
        }
        return connectionString;
    }

    private static async Task<EmbeddedSilo> StartAsync(
        string connectionString, RunningSilo.Claim claim, SiloComputeOptions compute, int? webPort, CancellationToken cancellation)
    {
        try
        {
            int gatewayPort = FreeTcpPort.Next();
            var builder = Host.CreateDefaultBuilder()
                .UseContentRoot(AppContext.BaseDirectory)
                .ConfigureLogging(logging => logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Error)
                    // A failed start is reported once, as the UserInputException of HostStart.
                    .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None))
                .UseOrleans(silo => silo
                    // Free ports, so several state folders can each have their silo at once.
                    .UseLocalhostClustering(siloPort: FreeTcpPort.Next(), gatewayPort: gatewayPort, serviceId: ServiceId, clusterId: ClusterId)
                    .AddOrleansSelect(SqliteGrainStorageSchema.Invariant, connectionString, compute, web: webPort is not null));
            // The web port is off unless asked for, and then on the loopback interface only.
            if (webPort is { } port)
                builder.UseSiloWeb(new SiloWebOptions(port, EveryInterface: false));
            var host = builder.Build();
            await HostStart.StartOrExplainAsync(host, "the embedded silo did not start", cancellation);
            claim.Publish(gatewayPort);
            return new EmbeddedSilo(host, claim);
        }
        catch
        {
            claim.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _claim.Withdraw();
        try
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        finally
        {
            _claim.Dispose();
        }
    }
}
