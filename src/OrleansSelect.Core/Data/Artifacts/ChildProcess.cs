using System.ComponentModel;
using System.Diagnostics;

namespace OrleansSelect.Core.Data.Artifacts;

/// <summary>Runs a package client (npm, apt-get, dpkg-deb) and captures its output.</summary>
public static class ChildProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <param name="installHint">What to do when the tool is not installed, e.g. "install Node.js's npm".</param>
    public static async Task<Result> RunAsync(string tool, IEnumerable<string> arguments, string? workingDirectory,
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
            throw new UserInputException($"'{tool}' could not be started ({e.Message}); {installHint} and try again.", e);
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
            return new Result(process.ExitCode, await output, await error);
        }
    }
}
