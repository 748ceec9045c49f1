using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace OrleansSelect.Core.Data.Sources;

/// <summary>
/// What a source parser needs besides its files: the drop log and the size limit for one example,
/// with helpers that read files and reject bad records the same way in every source.
/// </summary>
public sealed class SourceContext(DropLog drops, int maxExampleBytes = SourceContext.DefaultMaxExampleBytes)
{
    public const int DefaultMaxExampleBytes = 8192;

    public DropLog Drops { get; } = drops;
    public int MaxExampleBytes { get; } = maxExampleBytes;

    /// <summary>
    /// Checks an example made from the record at path:line: one whose text is over the size limit
    /// is rejected (counted, or thrown under strict). Returns whether to keep it.
    /// </summary>
    public bool Accept(PoolExample example, string path, long line)
    {
        var bytes = Encoding.UTF8.GetByteCount(example.Prompt) + Encoding.UTF8.GetByteCount(example.Response);
        if (bytes <= MaxExampleBytes) return true;
        Drops.Reject(example.Source, DropReasons.TooLarge, path, line);
        return false;
    }

    /// <summary>Rejects a record whose content is empty or whitespace; returns whether it has text.</summary>
    public bool HasText(string? content, string source, string path, long line)
    {
        if (!string.IsNullOrWhiteSpace(content)) return true;
        Drops.Reject(source, DropReasons.EmptyText, path, line);
        return false;
    }

    /// <summary>Reads a text file's lines (1-based numbers), rejecting lines that are not valid UTF-8.</summary>
    public IEnumerable<(long Number, string Text)> ReadLines(string path, string source)
    {
        long number = 0;
        foreach (var line in Jsonl.LineReader.Read(path, 0, long.MaxValue, int.MaxValue / 2))
        {
            number++;
            var content = line.Content.Span;
            if (!Utf8.IsValid(content))
            {
                Drops.Reject(source, DropReasons.InvalidUtf8, path, number);
                continue;
            }
            yield return (number, Encoding.UTF8.GetString(content));
        }
    }

    /// <summary>Parses a JSON file, or rejects it (invalid UTF-8, malformed JSON) and returns null.</summary>
    public JsonDocument? ReadJson(string path, string source)
    {
        var bytes = File.ReadAllBytes(path);
        if (!Utf8.IsValid(bytes))
        {
            Drops.Reject(source, DropReasons.InvalidUtf8, path, LineOfFirstInvalidByte(bytes));
            return null;
        }
        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            Drops.Reject(source, DropReasons.MalformedJson, path, (e.LineNumber ?? 0) + 1);
            return null;
        }
    }

    /// <summary>Reads a string property; a missing or non-string one is rejected and gives null.</summary>
    public string? StringField(JsonElement record, string field, string source, string path, long line)
    {
        if (record.ValueKind == JsonValueKind.Object && record.TryGetProperty(field, out var value))
        {
            if (value.ValueKind == JsonValueKind.String) return value.GetString();
            Drops.Reject(source, DropReasons.WrongType(field), path, line);
            return null;
        }
        Drops.Reject(source, DropReasons.MissingField(field), path, line);
        return null;
    }

    private static long LineOfFirstInvalidByte(byte[] bytes)
    {
        long line = 1;
        var position = 0;
        while (position < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes.AsSpan(position), out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done) return line;
            if (bytes[position] == '\n') line++;
            position += consumed;
        }
        return line;
    }
}
