using OrleansSelect.Core.IO;

namespace OrleansSelect.Core.Selection.Export;

/// <summary>
/// Writes a selection's examples batch by batch into a file that appears under its name only when
/// <see cref="CommitAsync"/> runs (<see cref="AtomicFile"/>): an interrupted write leaves any earlier
/// file as it was. Memory holds one batch, never the selection.
/// </summary>
public abstract class SelectionFileWriter : IAsyncDisposable
{
    protected SelectionFileWriter(AtomicFileWriter file) => File = file;

    protected AtomicFileWriter File { get; }

    public long Count { get; protected set; }

    public static async Task<SelectionFileWriter> OpenAsync(string path, CancellationToken ct = default)
    {
        var format = SelectionFilePath.Check(path);
        var file = AtomicFile.Create(path);
        try
        {
            return format == SelectionFileFormat.Jsonl
                ? new JsonlSelectionFileWriter(file)
                : await ParquetSelectionFileWriter.CreateAsync(file, ct);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public abstract Task WriteAsync(IReadOnlyList<SelectedExample> batch, CancellationToken ct = default);

    /// <summary>Finishes the format's trailer and puts the file in place.</summary>
    public abstract Task CommitAsync(CancellationToken ct = default);

    public virtual ValueTask DisposeAsync()
    {
        File.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
