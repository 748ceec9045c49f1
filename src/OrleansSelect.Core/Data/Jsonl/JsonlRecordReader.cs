using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using OrleansSelect.Core.Data.UserData;

namespace OrleansSelect.Core.Data.Jsonl;

/// <summary>
/// Reads JSONL records into examples under a field mapping, one line at a time. Each bad line
/// (oversize, invalid UTF-8, malformed JSON, not an object, missing field, empty text) is rejected
/// through the drop log: counted with file:line, or thrown under strict mode. Blank lines are ignored.
/// </summary>
public static class JsonlRecordReader
{
    public static IEnumerable<(PoolExample Example, RawLine Line)> Read(
        string path, UserDataFormat format, ReadOptions options, long start = 0, long end = long.MaxValue)
    {
        if (!File.Exists(path)) throw new UserInputException($"File '{path}' does not exist.");
        var drops = options.ResolveDrops();
        var source = options.SourceName ?? Path.GetFileName(path);
        foreach (var line in LineReader.Read(path, start, end, options.MaxRecordBytes))
        {
            if (line.IsOversize)
            {
                Reject(drops, source, path, line, $"{DropReasons.TooLarge} ({line.Length} bytes > {options.MaxRecordBytes})");
                continue;
            }
            if (line.IsBlank) continue;
            var (example, error) = Parse(line.Content!, format);
            if (example is null)
            {
                Reject(drops, source, path, line, error!);
                continue;
            }
            yield return (example, line);
        }
    }

    /// <summary>Parses one line's bytes; returns the example or the reason it is not one.</summary>
    public static (PoolExample? Example, string? Error) Parse(byte[] content, UserDataFormat format)
    {
        if (!Utf8.IsValid(content)) return (null, DropReasons.InvalidUtf8);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content);
        }
        catch (JsonException)
        {
            return (null, DropReasons.MalformedJson);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) return (null, DropReasons.MalformedJson + " (not an object)");
            var root = document.RootElement;
            return RecordMapper.Map(format, name =>
            {
                if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                    return RecordMapper.FieldValue.Missing;
                return value.ValueKind == JsonValueKind.String
                    ? RecordMapper.FieldValue.Of(value.GetString()!)
                    : RecordMapper.FieldValue.NotAString;
            });
        }
    }

    private static void Reject(DropLog drops, string source, string path, RawLine line, string reason)
    {
        // Lines read from a byte range have no number; the offset still finds them.
        var number = line.Number > 0 ? line.Number : 0;
        var detail = line.Number > 0 ? reason : $"{reason} (line at byte offset {line.Offset})";
        drops.Reject(source, detail, path, number);
    }
}
