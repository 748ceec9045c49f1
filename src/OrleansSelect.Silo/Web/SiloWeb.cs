using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;
using OrleansSelect.Grains.Telemetry;

namespace OrleansSelect.Silo.Web;

/// <summary>
/// The silo as an ASP.NET Core host on one port: /metrics for Prometheus, /healthz and /ready for
/// probes, the Orleans Dashboard under /dashboard (its assets come from its package), and the
/// status page at /. The silo's services are added inside UseOrleans; Kestrel and the routes on
/// the same host, so the pages read the silo's own grains.
/// </summary>
public static class SiloWeb
{
    public const string OrleansMeter = "Microsoft.Orleans";
    public const string DashboardPath = "/dashboard";

    public static ISiloBuilder AddWebServices(this ISiloBuilder silo, string storageInvariant, string storageConnectionString)
    {
        silo.AddDashboard();
        silo.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SelectMetrics.MeterName, OrleansMeter)
            .AddPrometheusExporter());
        silo.Services.AddHealthChecks()
            .AddCheck<SiloHealthChecks.Started>("silo-started", tags: [SiloHealthChecks.Live])
            .AddCheck<SiloHealthChecks.Active>("silo-active", tags: [SiloHealthChecks.Ready])
            .AddCheck("database", new SiloHealthChecks.Database(storageInvariant, storageConnectionString), tags: [SiloHealthChecks.Ready]);
        return silo;
    }

    public static IHostBuilder UseSiloWeb(this IHostBuilder host, SiloWebOptions options) =>
        host.ConfigureWebHostDefaults(web => web
            .ConfigureKestrel(kestrel => kestrel.Listen(options.Address, options.Port))
            .Configure(app =>
            {
                app.UseRouting();
                app.UseEndpoints(endpoints =>
                {
                    endpoints.MapPrometheusScrapingEndpoint();
                    endpoints.MapHealthChecks("/healthz", Probe(SiloHealthChecks.Live));
                    endpoints.MapHealthChecks("/ready", Probe(SiloHealthChecks.Ready));
                    endpoints.MapOrleansDashboard(DashboardPath);
                    endpoints.MapGet("/", async (IGrainFactory grains, CancellationToken cancellation) =>
                        Results.Content(StatusPageHtml.Render(await StatusSnapshot.GatherAsync(grains, cancellation), DateTimeOffset.UtcNow),
                            "text/html; charset=utf-8"));
                });
            }));

    private static HealthCheckOptions Probe(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        // One line per check, so whoever reads a failed probe sees which check failed and why.
        ResponseWriter = (context, report) =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            var text = new StringBuilder().AppendLine(report.Status.ToString());
            foreach (var (name, entry) in report.Entries)
                text.AppendLine($"{name}: {entry.Status} ({entry.Description})");
            return context.Response.WriteAsync(text.ToString());
        },
    };
}
