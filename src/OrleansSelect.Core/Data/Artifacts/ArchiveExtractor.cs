using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace OrleansSelect.Core.Data.Artifacts;

/// <summary>Hashes artifacts and unpacks them: .tgz with .NET's tar and gzip, .deb with dpkg-deb.</summary>
public static class ArchiveExtractor
{
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// Extracts the regular files of a gzip tarball under <paramref name="destination"/>, keeping
    /// only entries under one of the prefixes when given. Entries that would land outside the
    /// destination are refused.
    /// </summary>
    public static int ExtractTarGz(string archive, string destination, IReadOnlyList<string>? prefixes)
    {
        var root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(root);
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        var count = 0;
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
            var name = entry.Name.Replace('\\', '/').TrimStart('/');
            if (prefixes is not null && !prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))) continue;
            var target = Path.GetFullPath(Path.Combine(root, name));
            if (!target.StartsWith(root, StringComparison.Ordinal))
                throw new UserInputException($"Archive '{archive}' has entry '{entry.Name}' that points outside its folder.");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target, overwrite: true);
            count++;
        }
        return count;
    }

    /// <summary>Unpacks a Debian package's data with dpkg-deb (no managed reader for its xz payload).</summary>
    public static async Task ExtractDebAsync(Artifact artifact, string archive, string destination, IProcessRunner runner,
        CancellationToken ct)
    {
        Directory.CreateDirectory(destination);
        ProcessResult result;
        try
        {
            result = await runner.RunAsync("dpkg-deb", ["-x", archive, destination], null, "install Debian's dpkg", ct);
        }
        catch (MissingToolException e)
        {
            throw new ArtifactUnavailableException(artifact,
                $"Debian package {artifact.Display} needs dpkg-deb to unpack, which this machine does not have ({e.Message})", e);
        }
        if (result.ExitCode != 0)
            throw new UserInputException(
                $"dpkg-deb could not unpack '{archive}' (exit {result.ExitCode}): {result.Error.Trim()}");
    }
}
