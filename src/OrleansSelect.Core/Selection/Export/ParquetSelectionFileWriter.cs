using OrleansSelect.Core.IO;
using Parquet;
using Parquet.Schema;

namespace OrleansSelect.Core.Selection.Export;

/// <summary>
/// A selection as Parquet: columns id, prompt, response, source, task (strings), score (double) and
/// rank (int), one row group per batch, so neither side of the write holds the whole selection.
/// </summary>
public sealed class ParquetSelectionFileWriter : SelectionFileWriter
{
    private static readonly DataField<string> Id = new("id");
    private static readonly DataField<string> Prompt = new("prompt");
    private static readonly DataField<string> Response = new("response");
    private static readonly DataField<string> Source = new("source");
    private static readonly DataField<string> Task = new("task");
    private static readonly DataField<double> Score = new("score");
    private static readonly DataField<int> Rank = new("rank");
    private static readonly ParquetSchema Schema = new(Id, Prompt, Response, Source, Task, Score, Rank);

    private readonly ParquetWriter _parquet;
    private bool _closed;

    private ParquetSelectionFileWriter(AtomicFileWriter file, ParquetWriter parquet) : base(file) => _parquet = parquet;

    public static async Task<SelectionFileWriter> CreateAsync(AtomicFileWriter file, CancellationToken ct) =>
        new ParquetSelectionFileWriter(file, await ParquetWriter.CreateAsync(Schema, file.Stream, cancellationToken: ct));

    public override async Task WriteAsync(IReadOnlyList<SelectedExample> batch, CancellationToken ct = default)
    {
        if (batch.Count == 0) return;
        using var group = _parquet.CreateRowGroup();
        await group.WriteAsync(Id, batch.Select(e => e.Id).ToArray());
        await group.WriteAsync(Prompt, batch.Select(e => e.Prompt).ToArray());
        await group.WriteAsync(Response, batch.Select(e => e.Response).ToArray());
        await group.WriteAsync(Source, batch.Select(e => e.Source).ToArray());
        await group.WriteAsync(Task, batch.Select(e => e.Task).ToArray());
        await group.WriteAsync<double>(Score, batch.Select(e => e.Score).ToArray(), cancellationToken: ct);
        await group.WriteAsync<int>(Rank, batch.Select(e => e.Rank).ToArray(), cancellationToken: ct);
        group.CompleteValidate();
        Count += batch.Count;
    }

    public override async Task CommitAsync(CancellationToken ct = default)
    {
        await CloseAsync(); // writes the footer
        File.Commit();
    }

    public override async ValueTask DisposeAsync()
    {
        await CloseAsync();
        await base.DisposeAsync();
    }

    private async ValueTask CloseAsync()
    {
        if (_closed) return;
        _closed = true;
        await _parquet.DisposeAsync();
    }
}
