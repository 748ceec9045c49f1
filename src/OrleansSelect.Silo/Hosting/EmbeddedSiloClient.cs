using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace OrleansSelect.Silo.Hosting;

/// <summary>
/// An Orleans client of the embedded silo another process runs on the same state folder, reached
/// at the gateway port it published. That process must keep running while this one uses it.
/// </summary>
public sealed class EmbeddedSiloClient : IOrleansSession
{
    private readonly IHost _host;

    private EmbeddedSiloClient(IHost host, RunningSilo owner) => (_host, Owner) = (host, owner);

    public RunningSilo Owner { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<EmbeddedSiloClient> ConnectAsync(RunningSilo owner, string stateDirectory, CancellationToken cancellation = default)
    {
        var host = Host.CreateDefaultBuilder()
            .UseContentRoot(AppContext.BaseDirectory)
            .ConfigureLogging(logging => logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Error)
                // A failed start is reported once, as a user error; a lost owner as the failed call.
                .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None)
                .AddFilter("Orleans", LogLevel.None))
            .UseOrleansClient(client =>
            {
                client.UseLocalhostClustering(owner.GatewayPort, EmbeddedSilo.ServiceId, EmbeddedSilo.ClusterId);
                client.AddOrleansSelect(connectPatience: TimeSpan.FromSeconds(10), retryPause: TimeSpan.FromMilliseconds(500));
            })
            .Build();
        await HostStart.StartOrExplainAsync(host,
            $"the silo of process {owner.ProcessId}, which holds the state folder {Path.GetFullPath(stateDirectory)}, did not answer on port {owner.GatewayPort}",
            cancellation);
        return new EmbeddedSiloClient(host, owner);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
