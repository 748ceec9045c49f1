using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using OrleansSelect.Core;
using OrleansSelect.Silo.Storage;

namespace OrleansSelect.Silo.Hosting;

/// <summary>
/// An Orleans client of a cluster-mode deployment: it finds the silos' gateways in the same
/// PostgreSQL database the silos use for membership. Dispose it to disconnect.
/// </summary>
public sealed class ClusterClient : IOrleansSession
{
    private readonly IHost _host;
    private int _disposed;

    /// <summary>How long to keep trying when no gateway answers: silos that are just starting get this long to join.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(30);

    private ClusterClient(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<ClusterClient> ConnectAsync(
        string postgresConnectionString,
        string clusterId = ClusterSiloOptions.DefaultClusterId,
        string serviceId = EmbeddedSilo.ServiceId,
        TimeSpan? connectTimeout = null,
        CancellationToken cancellation = default)
    {
        // A client reads only the gateway list from the database.
        postgresConnectionString = PostgresDatabase.ForProcess(postgresConnectionString, 2, "orleansselect-client");
        var where = PostgresDatabase.Describe(postgresConnectionString);
        PostgresDatabase.EnsureReachable(postgresConnectionString);
        try
        {
            PostgresSchema.RequireCurrent(postgresConnectionString);
        }
        catch (NpgsqlException e)
        {
            throw PostgresDatabase.Unreachable(postgresConnectionString, e);
        }

        var host = Host.CreateDefaultBuilder()
            .UseContentRoot(AppContext.BaseDirectory)
            .ConfigureLogging(logging => logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Error)
                // A failed start is reported once, as the UserInputException below.
                .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None))
            .UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId));
                client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (PostgresSchema.Invariant, postgresConnectionString));
                client.AddOrleansSelect(connectTimeout ?? DefaultConnectTimeout, retryPause: TimeSpan.FromSeconds(1));
            })
            .Build();
        await HostStart.StartOrExplainAsync(host, $"no silo of cluster '{clusterId}' registered in {where} answered", cancellation);
        return new ClusterClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _host.StopAsync();
        _host.Dispose();
    }
}
