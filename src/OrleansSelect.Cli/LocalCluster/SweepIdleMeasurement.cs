using System.Diagnostics;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.Sweeps;
using OrleansSelect.Silo.Sweeps;

namespace OrleansSelect.Cli.LocalCluster;

/// <summary>
/// Runs a sweep on a cluster and reads every silo's compute worker while it runs: as the sweep starts,
/// at every look at its progress, at the first look that finds no run left to start (every run handed
/// out), and when the sweep ends. Idle is measured up to the moment every run was handed out, where a
/// silo that waits does so because the coordinator did not feed it; the tail after it is reported apart.
/// It is given twice: from the sweep's start, and from the moment each silo started its first run's
/// own work (before then every run is still selecting, so none can use the silo but for the shard scoring).
/// </summary>
public static class SweepIdleMeasurement
{
    public sealed record Outcome(SweepStatusView Status, IReadOnlyList<WorkerIdle> WhileRunsRemained,
        IReadOnlyList<WorkerIdle?> SinceFirstJob, IReadOnlyList<WorkerIdle> Tail);

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
        var readings = start.Select(r => new List<WorkerReading> { r }).ToArray(); // per silo, in time order
        var running = sweep.Run(SweepSpecFile.ToJson(spec));
        WorkerReading[]? handedOut = null;
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromMilliseconds(200), ct));
            var status = await sweep.GetStatus();
            if (!status.Running)
                continue;
            progress($"{status.Done}/{status.Total} runs done, {status.InFlight} running");
            if (handedOut is not null)
                continue;
            // Read before anything else can finish, so the window ends as close to the moment as polling allows.
            var now = await ReadAll();
            for (int i = 0; i < now.Length; i++)
                readings[i].Add(now[i]);
            if (SweepGrain.Progress(status).Left == 0)
                handedOut = now;
        }
        var end = await ReadAll();
        var final = await running;
        handedOut ??= end; // a sweep too short to be seen with runs handed out: its whole time counts
        var sinceFirstJob = silos.Select((s, i) => WorkerIdle.SinceFirstJob(Name(s), readings[i], handedOut[i])).ToArray();
        return new Outcome(final, Windows(silos, start, handedOut), sinceFirstJob, Windows(silos, handedOut, end));
    }

    private static WorkerIdle[] Windows(IReadOnlyList<SiloProcess> silos, WorkerReading[] from, WorkerReading[] to) =>
        silos.Select((s, i) => WorkerIdle.Between(Name(s), from[i], to[i])).ToArray();

    private static string Name(SiloProcess silo) => $"127.0.0.1:{silo.SiloPort}";
}
