using System.Text.Encodings.Web;
using System.Text.Json;

namespace OrleansSelect.Core.Data.Jsonl;

/// <summary>
/// Writes examples as JSONL, one object per line with fields id, prompt, response, source, task in
/// that order. Output is a pure function of the examples, so the same input gives the same bytes.
/// Writes to a temporary file and moves it into place on <see cref="Complete"/>, so a crash never
/// leaves a half-written file under the final name.
/// </summary>
public sealed class PoolJsonlWriter : IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Relaxed escaping keeps text readable; quotes, backslashes and control characters are still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly string _path;
    private readonly string _temporaryPath;
    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _json;
    private bool _completed;

    public PoolJsonlWriter(string path)
    {
        _path = path;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        _temporaryPath = path + ".tmp";
        _stream = new FileStream(_temporaryPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
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
        _stream.Flush();
        _stream.Dispose();
        File.Move(_temporaryPath, _path, overwrite: true);
        _completed = true;
    }

    public void Dispose()
    {
        if (_completed) return;
        _stream.Dispose();
        if (!_completed && File.Exists(_temporaryPath)) File.Delete(_temporaryPath);
    }
}
