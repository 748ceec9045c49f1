using System.ComponentModel;
using System.Diagnostics;

namespace OrleansSelect.Core.Data.Artifacts;

/// <summary>Runs a real tool as a child process and captures its output.</summary>
public sealed class ChildProcess : IProcessRunner
{
    public static ChildProcess Instance { get; } = new();

    public async Task<ProcessResult> RunAsync(string tool, IReadOnlyList<string> arguments, string? workingDirectory,
        string installHint, CancellationToken ct)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception($"{tool} did not start");
        }
        catch (Win32Exception e)
        {
            throw new MissingToolException(tool, e.Message, installHint, e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var error = process.StandardError.ReadToEndAsync(ct);
            try
            {
                await process.WaitForExitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            return new ProcessResult(process.ExitCode, await output, await error);
        }
    }
}
