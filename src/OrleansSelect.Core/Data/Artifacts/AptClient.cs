namespace OrleansSelect.Core.Data.Artifacts;

/// <summary>
/// Downloads pinned Debian packages with apt-get. On a machine whose package lists were never
/// downloaded apt-get finds nothing, so the first "not found" updates the lists once (directly as
/// root, through sudo when that needs no password) and tries again; where it may not update, the
/// error says exactly what to run. A version still missing after an update is not in this
/// machine's package sources (off Debian 12): <see cref="ArtifactUnavailableException"/>.
/// </summary>
public sealed class AptClient(IProcessRunner runner, bool runsAsRoot, IProgress<string>? progress = null)
{
    private const string InstallHint = "install Debian's apt (or skip the Debian packages without --strict)";

    private bool _updated;

    /// <summary>Downloads the artifact's .deb into <paramref name="folder"/>.</summary>
    public async Task DownloadAsync(Artifact artifact, string folder, CancellationToken ct)
    {
        var result = await RunAptGetAsync(artifact, ["download", $"{artifact.Name}={artifact.Version}"], folder, ct);
        if (result.ExitCode == 0) return;
        if (!IsNotFound(result)) throw Failed(artifact, "apt-get download", result);
        if (_updated) throw NotInSources(artifact, result);

        var update = await UpdateCommandAsync(ct);
        if (update is null)
            throw new ArtifactUnavailableException(artifact,
                $"apt-get cannot find Debian package {artifact.Display} ({result.LastMessage}) and this user may not update its package lists; " +
                "run 'sudo apt-get update' and then 'orleansselect data fetch' again.");
        progress?.Report("updating apt's package lists (apt-get update)");
        var updated = await runner.RunAsync(update[0], update[1..], folder, InstallHint, ct);
        if (updated.ExitCode != 0) throw Failed(artifact, string.Join(' ', update), updated);
        _updated = true;

        result = await RunAptGetAsync(artifact, ["download", $"{artifact.Name}={artifact.Version}"], folder, ct);
        if (result.ExitCode == 0) return;
        throw IsNotFound(result) ? NotInSources(artifact, result) : Failed(artifact, "apt-get download", result);
    }

    /// <summary>How this process may run apt-get update: as root, through password-less sudo, or not at all (null).</summary>
    private async Task<string[]?> UpdateCommandAsync(CancellationToken ct)
    {
        if (runsAsRoot) return ["apt-get", "update"];
        try
        {
            var sudo = await runner.RunAsync("sudo", ["-n", "true"], null, "install sudo", ct);
            return sudo.ExitCode == 0 ? ["sudo", "-n", "apt-get", "update"] : null;
        }
        catch (MissingToolException)
        {
            return null;
        }
    }

    private async Task<ProcessResult> RunAptGetAsync(Artifact artifact, string[] arguments, string folder, CancellationToken ct)
    {
        try
        {
            return await runner.RunAsync("apt-get", arguments, folder, InstallHint, ct);
        }
        catch (MissingToolException e)
        {
            throw new ArtifactUnavailableException(artifact,
                $"Debian package {artifact.Display} needs apt-get, which this machine does not have ({e.Message})", e);
        }
    }

    private static bool IsNotFound(ProcessResult result)
    {
        var text = result.Error + "\n" + result.Output;
        return text.Contains("Unable to locate package", StringComparison.Ordinal) ||
               text.Contains("was not found", StringComparison.Ordinal) ||
               text.Contains("Can't select", StringComparison.Ordinal);
    }

    private static ArtifactUnavailableException NotInSources(Artifact artifact, ProcessResult result) =>
        new(artifact,
            $"Debian package {artifact.Display} is not in this machine's apt sources even after 'apt-get update' ({result.LastMessage}); " +
            "it is a Debian 12 (bookworm) package.");

    private static UserInputException Failed(Artifact artifact, string command, ProcessResult result) =>
        new($"'{command}' failed for {artifact.Display} (exit {result.ExitCode}): {result.LastMessage}");
}
