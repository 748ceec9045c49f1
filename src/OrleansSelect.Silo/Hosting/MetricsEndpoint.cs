using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OrleansSelect.Grains.Telemetry;

namespace OrleansSelect.Silo.Hosting;

/// <summary>
/// Serves the silo's metrics for Prometheus at http://HOST:PORT/metrics: OrleansSelect's own
/// (FLOPs charged, examples scored, tokens trained) and Orleans' runtime meter.
/// </summary>
public static class MetricsEndpoint
{
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Listens on every interface (a pod's metrics are scraped from outside it).</summary>
    public static IServiceCollection AddPrometheusEndpoint(this IServiceCollection services, int port)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SelectMetrics.MeterName, OrleansMeter)
            .AddPrometheusHttpListener(options =>
            {
                options.Port = port;
                // The exporter's own prefix names one host (and a '*' host fails its URI check), so
                // swap it for the wildcard prefix, which answers on every interface.
                options.ConfigureHttpListener = (_, listener) =>
                {
                    listener.Prefixes.Clear();
                    listener.Prefixes.Add($"http://*:{port}/");
                };
            }));
        return services;
    }
}
