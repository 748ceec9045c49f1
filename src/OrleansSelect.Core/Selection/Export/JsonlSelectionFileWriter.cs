using System.Text.Encodings.Web;
using System.Text.Json;
using OrleansSelect.Core.IO;

namespace OrleansSelect.Core.Selection.Export;

/// <summary>
/// A selection as JSONL: one object per line with id, prompt, response, source, task (the pool's
/// fields, so the file reads as a pool) followed by score and rank. A score that is not a number is null.
/// </summary>
public sealed class JsonlSelectionFileWriter(AtomicFileWriter file) : SelectionFileWriter(file)
{
    private readonly Utf8JsonWriter _json = new(file.Stream, new JsonWriterOptions
    {
        // As the pool files: readable text; quotes, backslashes and control characters still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public override async Task WriteAsync(IReadOnlyList<SelectedExample> batch, CancellationToken ct = default)
    {
        foreach (var e in batch)
        {
            _json.Reset();
            _json.WriteStartObject();
            _json.WriteString("id", e.Id);
            _json.WriteString("prompt", e.Prompt);
            _json.WriteString("response", e.Response);
            _json.WriteString("source", e.Source);
            _json.WriteString("task", e.Task);
            if (double.IsFinite(e.Score)) _json.WriteNumber("score", e.Score);
            else _json.WriteNull("score");
            _json.WriteNumber("rank", e.Rank);
            _json.WriteEndObject();
            _json.Flush();
            File.Stream.WriteByte((byte)'\n');
            Count++;
        }
        await File.Stream.FlushAsync(ct);
    }

    public override async Task CommitAsync(CancellationToken ct = default)
    {
        await _json.DisposeAsync(); // flushes what it holds while the file is still open
        File.Commit();
    }

    public override async ValueTask DisposeAsync()
    {
        await _json.DisposeAsync(); // a second dispose after the commit's does nothing
        await base.DisposeAsync();
    }
}
