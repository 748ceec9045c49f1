using OrleansSelect.Core.IO;

namespace OrleansSelect.Core.Selection.Export;

/// <summary>
/// Checks a path a selection is to be written to before any work is reserved or run: a known
/// extension, an existing folder, not a folder itself, and a folder this process can write in.
/// </summary>
public static class SelectionFilePath
{
    public static SelectionFileFormat Check(string path)
    {
        var format = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jsonl" => SelectionFileFormat.Jsonl,
            ".parquet" => SelectionFileFormat.Parquet,
            _ => throw new UserInputException($"--out '{path}' must end in .jsonl or .parquet, the two formats a selection is written in."),
        };
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new UserInputException($"--out '{path}' is a folder; name a file in it.");
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
            throw new UserInputException($"--out '{path}' cannot be written: its folder '{folder}' does not exist.");
        try
        {
            // Opening and abandoning the atomic writer proves the folder takes a file and leaves nothing behind.
            using var probe = AtomicFile.Create(full);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UserInputException($"--out '{path}' cannot be written: {e.Message}", e);
        }
        return format;
    }
}
