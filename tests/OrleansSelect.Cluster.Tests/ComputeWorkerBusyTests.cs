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
        // Less the 0.3 s wait, give or take timer granularity (a delay may end a little early by this clock).
        Assert.InRange(finished, 0.4, wall.Elapsed.TotalSeconds - 0.25);

        using var release = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var running = worker.RunAsync(_ => { started.Set(); release.Wait(); return 0; });
        // On a loaded machine the work's thread may start late: count from when it runs, not from the call.
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the running work never started");
        await Task.Delay(300);
        Assert.True(worker.BusySeconds >= finished + 0.25, $"running work counts as it runs: {worker.BusySeconds} after {finished}");
        release.Set();
        await running;
    }

    [Fact]
    public async Task Light_work_runs_while_heavy_work_holds_the_only_slot_and_is_not_counted_busy()
    {
        using var worker = new ComputeWorker(slots: 1);
        using var release = new ManualResetEventSlim();
        var sinceTraining = Stopwatch.StartNew();
        var training = worker.RunAsync(_ => { release.Wait(); return 0; });
        await Task.Delay(100);

        // Reading a target while a training holds the slot: before, it waited for the whole training.
        var light = worker.RunLightAsync(_ => { Thread.Sleep(300); return Environment.CurrentManagedThreadId; });
        var done = await Task.WhenAny(light, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.Same(light, done);
        Assert.False(training.IsCompleted);
        double busyWithLight = worker.BusySeconds, trainingSoFar = sinceTraining.Elapsed.TotalSeconds;
        release.Set();
        await training;

        // Heavy work still waits for the slot: a second piece starts only after the first ends.
        var order = new List<string>();
        using var hold = new ManualResetEventSlim();
        var first = worker.RunAsync(_ => { hold.Wait(); lock (order) order.Add("first"); return 0; });
        var second = worker.RunAsync(_ => { lock (order) order.Add("second"); return 0; });
        await Task.Delay(200);
        Assert.Empty(order);
        hold.Set();
        await Task.WhenAll(first, second);
        Assert.Equal(["first", "second"], order);
        // The 0.3 s of light work did not count: busy time is the training's alone, never more than its wall time.
        Assert.InRange(busyWithLight, 0.3, trainingSoFar + 0.05);
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
