namespace OrleansSelect.Core.Data.Artifacts;

/// <summary>
/// Runs a command-line tool (npm, apt-get, sudo, dpkg-deb) and captures its output: the one seam
/// through which fetching touches the machine, so tests can stand in for the package clients.
/// </summary>
public interface IProcessRunner
{
    /// <param name="installHint">What to do when the tool is not installed, e.g. "install Node.js's npm".</param>
    /// <exception cref="MissingToolException">The tool could not be started.</exception>
    Task<ProcessResult> RunAsync(string tool, IReadOnlyList<string> arguments, string? workingDirectory,
        string installHint, CancellationToken ct);
}

/// <summary>What a finished tool returned.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    /// <summary>The last line of what it said, stderr first: where package clients put the reason they failed.</summary>
    public string LastMessage =>
        (Error.Trim() is { Length: > 0 } e ? e : Output.Trim()).Split('\n').Last().Trim();
}
