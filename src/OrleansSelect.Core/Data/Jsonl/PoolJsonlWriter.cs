using System.Text.Encodings.Web;
using System.Text.Json;
using OrleansSelect.Core.IO;

namespace OrleansSelect.Core.Data.Jsonl;

/// <summary>
/// Writes examples as JSONL, one object per line with fields id, prompt, response, source, task in
/// that order. Output is a pure function of the examples, so the same input gives the same bytes.
/// Writes through <see cref="AtomicFile"/>: nothing is under the final name until <see cref="Complete"/>,
/// so a crash never leaves a half-written file there.
/// </summary>
public sealed class PoolJsonlWriter : IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Relaxed escaping keeps text readable; quotes, backslashes and control characters are still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly AtomicFileWriter _file;
    private readonly Stream _stream;
    private readonly Utf8JsonWriter _json;

    public PoolJsonlWriter(string path)
    {
        _file = AtomicFile.Create(path);
        _stream = _file.Stream;
        _json = new Utf8JsonWriter(_stream, WriterOptions);
    }

    public long Count { get; private set; }
    public long Bytes => _stream.Position + _json.BytesPending;

    public void Write(PoolExample example)
    {
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteString("id", example.Id);
        _json.WriteString("prompt", example.Prompt);
        _json.WriteString("response", example.Response);
        _json.WriteString("source", example.Source);
        _json.WriteString("task", example.Task);
        _json.WriteEndObject();
        _json.Flush();
        _stream.WriteByte((byte)'\n');
        Count++;
    }

    public void Complete()
    {
        _json.Flush();
        _json.Dispose();
        _file.Commit();
    }

    public void Dispose()
    {
        _json.Dispose();
        _file.Dispose();
    }
}
