using System.Text;

namespace OrleansSelect.Core.IO;

/// <summary>
/// Writes a file that later runs read so that a crash, a full disk or a second process never
/// leaves a half-written file under its name: the bytes go to a uniquely named temporary file in
/// the same folder, are flushed to disk, and the temporary file is then renamed over the target
/// (a rename within one folder is atomic). Readers see the old file or the new one, never a mix.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string contents) =>
        Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(contents)));

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents)
    {
        using var writer = Create(path);
        writer.Stream.Write(contents);
        writer.Commit();
    }

    /// <summary>Streams the file's contents through <paramref name="write"/>, then commits it.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        using var writer = Create(path);
        write(writer.Stream);
        writer.Commit();
    }

    /// <summary>
    /// Opens a temporary file for <paramref name="path"/>; <see cref="AtomicFileWriter.Commit"/> puts it
    /// in place, disposing without committing deletes it and leaves any existing file untouched.
    /// </summary>
    public static AtomicFileWriter Create(string path) => new(path);
}

/// <summary>A file being written by <see cref="AtomicFile.Create"/>: write to <see cref="Stream"/>, then <see cref="Commit"/>.</summary>
public sealed class AtomicFileWriter : IDisposable
{
    private readonly FileStream _stream;
    private bool _committed;

    internal AtomicFileWriter(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        // Unique per writer, so two processes writing the same file never share a temporary file.
        TemporaryPath = System.IO.Path.Combine(directory,
            $".{System.IO.Path.GetFileName(Path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        _stream = new FileStream(TemporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
    }

    public string Path { get; }
    public string TemporaryPath { get; }
    public Stream Stream => _stream;

    /// <summary>Flushes the bytes to the disk itself, not just the OS cache, then renames over the target.</summary>
    public void Commit()
    {
        if (_committed) throw new InvalidOperationException($"'{Path}' was already committed.");
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(TemporaryPath, Path, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (_committed) return;
        _stream.Dispose();
        File.Delete(TemporaryPath);
    }
}
