using System.Diagnostics;
using System.Text;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;

namespace OrleansSelect.Cluster.Tests.Faults;

/// <summary>
/// One `orleansselect silo` as its own operating-system process (the CLI built next to the tests),
/// so a test can kill it the way a crash or an OOM kill does: no shutdown, no goodbye to the cluster.
/// Membership is tuned through configuration so a dead silo is declared within seconds, not a minute.
/// </summary>
public sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public int SiloPort { get; }

    public int GatewayPort { get; }

    private SiloProcess(Process process, int siloPort, int gatewayPort) =>
        (_process, SiloPort, GatewayPort) = (process, siloPort, gatewayPort);

    /// <summary>
    /// Starts a silo and returns once it has joined the cluster (it prints its ports). A training
    /// run on it writes a resume checkpoint every <paramref name="checkpointEvery"/> steps.
    /// </summary>
    public static async Task<SiloProcess> StartAsync(
        string connectionString, string clusterId, string home, int checkpointEvery = SiloComputeOptions.DefaultCheckpointEverySteps)
    {
        int siloPort = FreeTcpPort.Next(), gatewayPort = FreeTcpPort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "orleansselect.dll"), "silo", "--postgres", connectionString,
                     "--cluster-id", clusterId, "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}",
                     "--advertise", "127.0.0.1", "--db-connections", "8", "--checkpoint-every", $"{checkpointEvery}",
                 })
            start.ArgumentList.Add(argument);
        start.Environment["ORLEANSSELECT_HOME"] = home;
        start.Environment["NO_COLOR"] = "1";
        // Test timing only: probes every 2 s, two missed probes suspect a silo, and the table is re-read often.
        var membership = ClusterSilo.MembershipSection.Replace(":", "__");
        start.Environment[$"{membership}__ProbeTimeout"] = "00:00:02";
        start.Environment[$"{membership}__NumMissedProbesLimit"] = "2";
        start.Environment[$"{membership}__TableRefreshTimeout"] = "00:00:02";
        start.Environment[$"{membership}__IAmAliveTablePublishTimeout"] = "00:00:05";

        var process = Process.Start(start)!;
        var silo = new SiloProcess(process, siloPort, gatewayPort);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => silo.Record(e.Data, started);
        process.ErrorDataReceived += (_, e) => silo.Record(e.Data, started: null);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(started.Task, exited, Task.Delay(TimeSpan.FromMinutes(1)));
        if (first != started.Task)
        {
            silo.Dispose();
            throw new InvalidOperationException($"silo on port {siloPort} did not start:\n{silo.Output}");
        }
        return silo;
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>
    /// The warning-, error- and critical-level lines the silo has logged so far (the console logger
    /// starts each entry with "warn:", "fail:" or "crit:"). A healthy start logs none.
    /// </summary>
    public IReadOnlyList<string> Complaints() =>
        Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("warn:") || l.StartsWith("fail:") || l.StartsWith("crit:")).ToList();

    /// <summary>SIGKILL: the silo stops mid-instruction, with calls in flight and reservations open.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            KillHard();
        _process.Dispose();
    }

    private void Record(string? line, TaskCompletionSource? started)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
        if (line.Contains("silo of cluster"))
            started?.TrySetResult();
    }
}
