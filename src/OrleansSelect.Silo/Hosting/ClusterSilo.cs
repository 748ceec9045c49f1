using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using OrleansSelect.Core;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Storage;
using OrleansSelect.Silo.Web;

namespace OrleansSelect.Silo.Hosting;

/// <summary>
/// A silo of the cluster mode: membership and grain state in PostgreSQL, so silos on other hosts
/// (or pods) join the same cluster and clients find its gateways through the same database.
/// Dispose it to leave the cluster cleanly.
/// </summary>
public sealed class ClusterSilo : IOrleansSession
{
    private readonly IHost _host;
    private int _disposed;

    /// <summary>The configuration section bound to ClusterMembershipOptions (probe timeouts, votes, table refresh).</summary>
    public const string MembershipSection = "Orleans:Membership";

    private ClusterSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Completes when the silo stops for any reason (for instance Kubernetes deleting its pod).</summary>
    public CancellationToken Stopping => _host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

    public static async Task<ClusterSilo> StartAsync(
        ClusterSiloOptions options, SiloComputeOptions compute, LogLevel logLevel = LogLevel.Warning, CancellationToken cancellation = default)
    {
        // Everything that can be checked without writing comes first; the schema is the first write.
        if (options.GatewayPort == options.SiloPort)
            throw new UserInputException($"the silo port and the gateway port are both {options.SiloPort}: give two different ports");
        ListeningPort.EnsureFree(options.SiloPort, "silo port", "--silo-port");
        ListeningPort.EnsureFree(options.GatewayPort, "gateway port", "--gateway-port");
        if (options.WebPort is { } web)
        {
            if (web == options.SiloPort || web == options.GatewayPort)
                throw new UserInputException($"the web port {web} is also the silo's {(web == options.SiloPort ? "silo" : "gateway")} port: give another with --web-port");
            ListeningPort.EnsureFree(web, "web port", "--web-port");
        }
        var connectionString = PostgresDatabase.ForProcess(
            options.PostgresConnectionString, options.DatabaseConnections, "orleansselect-silo");
        PostgresDatabase.EnsureReachable(connectionString);
        try
        {
            PostgresSchema.EnsureCurrent(connectionString);
        }
        catch (NpgsqlException e)
        {
            throw PostgresDatabase.Unreachable(connectionString, e);
        }

        var builder = Host.CreateDefaultBuilder()
            .UseContentRoot(AppContext.BaseDirectory)
            .ConfigureLogging(logging => logging.ClearProviders().AddConsole().SetMinimumLevel(logLevel)
                // A failed start is reported once, as the UserInputException below.
                .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None))
            .UseOrleans(silo =>
            {
                silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.ClusterId, options.ServiceId));
                silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (PostgresSchema.Invariant, connectionString));
                // Outside Kubernetes its agent fails at start, so it is added only inside; there it
                // advertises the pod IP, and only the ports are ours to set.
                bool inKubernetes = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is { Length: > 0 };
                if (options.AdvertisedAddress is { } address)
                    silo.ConfigureEndpoints(ParseAddress(address), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
                else if (inKubernetes)
                    silo.Configure<EndpointOptions>(o => (o.SiloPort, o.GatewayPort) = (options.SiloPort, options.GatewayPort));
                else
                    silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
                if (inKubernetes)
                    silo.UseKubernetesHosting();
                // Orleans' failure-detection defaults stand unless the deployment sets them (for example
                // Orleans__Membership__ProbeTimeout), as the fault tests do to stay short.
                silo.Services.Configure<ClusterMembershipOptions>(silo.Configuration.GetSection(MembershipSection));
                silo.AddOrleansSelect(PostgresSchema.Invariant, connectionString, compute, web: options.WebPort is not null);
            });
        if (options.WebPort is { } webPort)
            builder.UseSiloWeb(new SiloWebOptions(webPort, EveryInterface: true));
        var host = builder.Build();
        await HostStart.StartOrExplainAsync(host,
            $"the silo of cluster '{options.ClusterId}' on {PostgresDatabase.Describe(connectionString)} did not start", cancellation);
        return new ClusterSilo(host);
    }

    private static IPAddress ParseAddress(string address) =>
        IPAddress.TryParse(address, out var ip) ? ip
            : throw new UserInputException($"the advertised address '{address}' is not an IP address");

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _host.StopAsync();
        _host.Dispose();
    }
}
