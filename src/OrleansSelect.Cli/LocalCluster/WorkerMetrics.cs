using System.Globalization;
using OrleansSelect.Core.Sweeps;

namespace OrleansSelect.Cli.LocalCluster;

/// <summary>
/// Reads a silo's compute worker from its Prometheus endpoint: the busy-seconds counter, the
/// slot count and the jobs started that <c>SelectMetrics</c> publishes. Reading over HTTP measures the silo as an operator
/// would, from outside its process.
/// </summary>
public sealed class WorkerMetrics(HttpClient http)
{
    public const string BusyName = "orleansselect_compute_busy_seconds_total";
    public const string SlotsName = "orleansselect_compute_slots";
    public const string JobsName = "orleansselect_compute_jobs_started_total";

    public async Task<WorkerReading> ReadAsync(int webPort, TimeSpan at, CancellationToken ct)
    {
        var text = await http.GetStringAsync($"http://127.0.0.1:{webPort}/metrics", ct);
        return new WorkerReading(at, Value(text, BusyName, webPort), (int)Value(text, SlotsName, webPort), (long)Value(text, JobsName, webPort));
    }

    private static double Value(string text, string name, int webPort)
    {
        // A sample line is `name{labels} value` or `name value`; the value is its last field.
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"the silo with web port {webPort} publishes no {name}.");
        return double.Parse(line.Trim().Split(' ')[^1], CultureInfo.InvariantCulture);
    }
}
