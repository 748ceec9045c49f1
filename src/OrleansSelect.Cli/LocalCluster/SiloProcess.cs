using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;

namespace OrleansSelect.Cli.LocalCluster;

/// <summary>
/// One `orleansselect silo` as its own operating-system process on this machine (the CLI next to
/// this assembly), joined to a cluster on PostgreSQL: what `bench sweep` measures, and what the fault
/// tests kill the way a crash or an OOM kill does (no shutdown, no goodbye to the cluster).
/// </summary>
public sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary>The port of its /metrics and /healthz endpoints, when it was given one.</summary>
    public int? WebPort { get; }

    private SiloProcess(Process process, int siloPort, int gatewayPort, int? webPort) =>
        (_process, SiloPort, GatewayPort, WebPort) = (process, siloPort, gatewayPort, webPort);

    /// <summary>
    /// Starts a silo and returns once it has joined the cluster (it prints its ports). A training run
    /// on it writes a resume checkpoint every <paramref name="checkpointEvery"/> steps;
    /// <paramref name="environment"/> adds variables, for instance membership timings.
    /// </summary>
    public static async Task<SiloProcess> StartAsync(string connectionString, string clusterId, string home,
        bool web = false, IReadOnlyDictionary<string, string>? environment = null,
        int checkpointEvery = SiloComputeOptions.DefaultCheckpointEverySteps)
    {
        int siloPort = FreeTcpPort.Next(), gatewayPort = FreeTcpPort.Next();
        int? webPort = web ? FreeTcpPort.Next() : null;
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
        if (webPort is { } port)
        {
            start.ArgumentList.Add("--web-port");
            start.ArgumentList.Add($"{port}");
        }
        start.Environment["ORLEANSSELECT_HOME"] = home;
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        var process = Process.Start(start)!;
        var silo = new SiloProcess(process, siloPort, gatewayPort, webPort);
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

    /// <summary>SIGTERM, as Kubernetes stops a pod: the silo leaves the cluster cleanly; killed if it takes too long.</summary>
    public async Task StopAsync(TimeSpan patience)
    {
        if (_process.HasExited)
            return;
        if (!OperatingSystem.IsWindows() && Terminate(_process.Id, 15) == 0)
        {
            using var timeout = new CancellationTokenSource(patience);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                // It did not stop in time: killed below.
            }
        }
        KillHard();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            KillHard();
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Terminate(int pid, int signal);

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
