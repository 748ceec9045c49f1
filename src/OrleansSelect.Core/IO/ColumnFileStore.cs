namespace OrleansSelect.Core.IO;

/// <summary>
/// Column files under one root folder (the models folder, which every silo of a cluster shares).
/// A file's name ends with the start of its own SHA-256, so a file once referenced is never
/// overwritten with other bytes: a write whose reference was never stored leaves only an unused file.
/// Files are referenced by their path relative to the root, so silos may mount the root at other paths.
/// </summary>
public sealed class ColumnFileStore(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Writes the column atomically as <c>folder/name-hash.bin</c> and returns its reference.</summary>
    public ColumnFileRef Write<T>(string folder, string name, string key, ReadOnlySpan<T> values) where T : unmanaged
    {
        using var buffer = new MemoryStream();
        var sha256 = ColumnFile.Write(buffer, key, values);
        var relative = Path.Combine(folder, $"{name}-{sha256[..16]}.bin");
        AtomicFile.WriteAllBytes(FullPath(relative), buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        return new ColumnFileRef(relative, sha256);
    }

    /// <summary>
    /// The column's values, or null with <paramref name="problem"/> naming the file and saying why it
    /// cannot be trusted (missing, truncated, failing its checksum, not the file referenced).
    /// </summary>
    public T[]? TryRead<T>(ColumnFileRef file, string key, long? expectedCount, out string? problem) where T : unmanaged
    {
        var path = FullPath(file.Path);
        problem = null;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            var read = ColumnFile.Read<T>(stream, key, expectedCount);
            if (read.Sha256 == file.Sha256)
                return read.Values;
            problem = $"the column file {path} has SHA-256 {read.Sha256}, not the {file.Sha256} recorded for it";
        }
        catch (FileNotFoundException)
        {
            problem = $"the column file {path} is missing";
        }
        catch (DirectoryNotFoundException)
        {
            problem = $"the column file {path} is missing";
        }
        catch (ColumnFileException e)
        {
            problem = $"the column file {path} cannot be trusted: {e.Message}";
        }
        return null;
    }

    public string FullPath(string relativePath) => Path.Combine(Root, relativePath);
}

/// <summary>Where a column file is (relative to its store's root) and the SHA-256 it must end with.</summary>
public sealed record ColumnFileRef(string Path, string Sha256);
