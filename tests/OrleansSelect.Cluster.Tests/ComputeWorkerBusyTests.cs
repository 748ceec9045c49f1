using System.Diagnostics;
using OrleansSelect.Cli.LocalCluster;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;

namespace OrleansSelect.Cluster.Tests;

/// <summary>The compute worker counts the slot-seconds it runs work, the running work included, and the silo publishes them from its start.</summary>
public class ComputeWorkerBusyTests
{
    [Fact]
    public async Task Busy_seconds_count_the_work_itself_finished_and_running_and_nothing_else()
    {
        using var worker = new ComputeWorker(slots: 1);
        var wall = Stopwatch.StartNew();
        Assert.Equal(0, worker.BusySeconds);

        await worker.RunAsync(_ => { Thread.Sleep(200); return 0; });
        // The slot is held while onStart waits, but that wait is coordination, not work.
        await worker.RunAsync(_ => { Thread.Sleep(200); return 0; }, onStart: () => Task.Delay(300));
        double finished = worker.BusySeconds;
        Assert.InRange(finished, 0.4, wall.Elapsed.TotalSeconds - 0.3);

        using var release = new ManualResetEventSlim();
        var running = worker.RunAsync(_ => { release.Wait(); return 0; });
        await Task.Delay(300);
        Assert.True(worker.BusySeconds >= finished + 0.25, $"running work counts as it runs: {worker.BusySeconds} after {finished}");
        release.Set();
        await running;
    }

    [Fact]
    public async Task A_silo_publishes_its_worker_on_metrics_from_the_start()
    {
        using var folder = new TempFolder();
        int port = FreeTcpPort.Next();
        await using var silo = await EmbeddedSilo.StartAsync(folder.File("state"), new SiloComputeOptions(), webPort: port);
        using var http = new HttpClient();

        // No heavy call yet: the worker exists anyway (the meter is process-wide, so other tests' workers may add to it).
        var reading = await new WorkerMetrics(http).ReadAsync(port, TimeSpan.Zero, CancellationToken.None);

        Assert.True(reading.Slots >= 1);
        Assert.True(reading.BusySeconds >= 0);
    }
}
