using System.Diagnostics;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.Sweeps;
using OrleansSelect.Silo.Sweeps;

namespace OrleansSelect.Cli.LocalCluster;

/// <summary>
/// Runs a sweep on a cluster and reads every silo's compute worker while it runs: once as the sweep
/// starts, again at the first look that finds no run left to start (every run handed out), and once
/// more when the sweep ends. Idle is measured over the first window, where a silo that waits does so
/// because the coordinator did not feed it; the tail after it is reported apart.
/// </summary>
public static class SweepIdleMeasurement
{
    public sealed record Outcome(SweepStatusView Status, IReadOnlyList<WorkerIdle> WhileRunsRemained, IReadOnlyList<WorkerIdle> Tail);

    public static async Task<Outcome> RunAsync(IGrainFactory grains, SweepSpec spec, IReadOnlyList<SiloProcess> silos,
        Action<string> progress, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var metrics = new WorkerMetrics(http);
        var clock = Stopwatch.StartNew();
        async Task<WorkerReading[]> ReadAll() =>
            await Task.WhenAll(silos.Select(s => metrics.ReadAsync(s.WebPort!.Value, clock.Elapsed, ct)));

        var sweep = grains.GetGrain<ISweepGrain>(spec.Name);
        var start = await ReadAll();
        var running = sweep.Run(SweepSpecFile.ToJson(spec));
        WorkerReading[]? handedOut = null;
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromMilliseconds(200), ct));
            var status = await sweep.GetStatus();
            if (!status.Running)
                continue;
            progress($"{status.Done}/{status.Total} runs done, {status.InFlight} running");
            // Read before anything else can finish, so the window ends as close to the moment as polling allows.
            if (handedOut is null && SweepGrain.Progress(status).Left == 0)
                handedOut = await ReadAll();
        }
        var end = await ReadAll();
        var final = await running;
        handedOut ??= end; // a sweep too short to be seen with runs handed out: its whole time counts
        return new Outcome(final, Windows(silos, start, handedOut), Windows(silos, handedOut, end));
    }

    private static WorkerIdle[] Windows(IReadOnlyList<SiloProcess> silos, WorkerReading[] from, WorkerReading[] to) =>
        silos.Select((s, i) => WorkerIdle.Between($"127.0.0.1:{s.SiloPort}", from[i], to[i])).ToArray();
}
