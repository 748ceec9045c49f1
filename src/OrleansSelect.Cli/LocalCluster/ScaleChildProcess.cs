using System.Diagnostics;
using OrleansSelect.Cli.Console;
using OrleansSelect.Core;
using OrleansSelect.Core.Reports;

namespace OrleansSelect.Cli.LocalCluster;

/// <summary>
/// One size of `bench scale` in a process of its own (the CLI next to this assembly, run as
/// `bench scale --one-size N`), so that its peak resident memory is that size's alone. Its
/// "progress: " lines are passed on as they come; its measurement is the one line it ends with; a
/// user error it met is raised here as the same sentence.
/// </summary>
public static class ScaleChildProcess
{
    public const string ProgressPrefix = "progress: ";

    public static async Task<ScaleMeasurement> RunAsync(int size, IReadOnlyList<string> arguments, Action<string> progress, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "orleansselect.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["COLUMNS"] = "10000"; // its error sentence on one line

        var lines = new List<string>();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data.StartsWith(ProgressPrefix, StringComparison.Ordinal)) progress(e.Data[ProgressPrefix.Length..]);
            else lock (lines) lines.Add(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (lines) lines.Add(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        process.WaitForExit(); // the last output lines are delivered before this returns

        List<string> output;
        lock (lines) output = [.. lines];
        if (process.ExitCode == 0 && ScaleMeasurement.FromOutput(output) is { } measurement)
            return measurement;
        if (process.ExitCode == CommandRunner.UserError && output.LastOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal)) is { } error)
            throw new UserInputException($"at {size:N0} examples: {error["error: ".Length..]}");
        throw new InvalidOperationException($"the benchmark's process for {size:N0} examples ended with exit code {process.ExitCode}:\n{string.Join('\n', output)}");
    }
}
