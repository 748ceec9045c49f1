using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansSelect.Core;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Storage;

namespace OrleansSelect.Silo.Hosting;

/// <summary>
/// The embedded default: one process, an in-process silo with localhost clustering, and grain
/// state in a SQLite file under the state directory. Dispose it to stop the silo cleanly.
/// </summary>
public sealed class EmbeddedSilo : IOrleansSession
{
    public const string DatabaseFileName = "orleansselect.db";
    public const string ServiceId = "orleansselect";

    private readonly IHost _host;

    private EmbeddedSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static string ConnectionStringFor(string databasePath) =>
        new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();

    public static async Task<EmbeddedSilo> StartAsync(
        string stateDirectory, SiloComputeOptions compute, int? metricsPort = null, CancellationToken cancellation = default)
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

        var host = Host.CreateDefaultBuilder()
            .UseContentRoot(AppContext.BaseDirectory)
            .ConfigureLogging(logging => logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Error))
            .UseOrleans(silo => silo
                // Free ports, so a second command (say `budget status` while `demo` runs) can start its own silo.
                .UseLocalhostClustering(siloPort: FreeTcpPort.Next(), gatewayPort: FreeTcpPort.Next(), serviceId: ServiceId, clusterId: "embedded")
                .AddOrleansSelect(SqliteGrainStorageSchema.Invariant, connectionString, compute, metricsPort))
            .Build();
        await host.StartAsync(cancellation);
        return new EmbeddedSilo(host);
    }


    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
