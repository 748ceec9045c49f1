using System.Runtime.CompilerServices;
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
            var (example, error) = Parse(line.Content.Span, format);
            if (example is null)
            {
                Reject(drops, source, path, line, error!);
                continue;
            }
            yield return (example, line);
        }
    }

    /// <summary>
    /// Parses one line's bytes; returns the example or the reason it is not one. One forward pass
    /// of a <see cref="Utf8JsonReader"/> validates the whole line exactly as JsonDocument.Parse would
    /// (same default options) and keeps only the format's top-level string fields, without building a
    /// document. A key given twice counts by its last value, as JsonElement.TryGetProperty did.
    /// </summary>
    public static (PoolExample? Example, string? Error) Parse(ReadOnlySpan<byte> content, UserDataFormat format)
    {
        if (!Utf8.IsValid(content)) return (null, DropReasons.InvalidUtf8);
        var fields = FieldNames.Of(format);
        var values = new RecordMapper.FieldValue[fields.Count];   // all Missing until seen
        var reader = new Utf8JsonReader(content);
        bool rootIsObject;
        try
        {
            // With no tokens at all, the first Read throws (the reader is given the final block).
            reader.Read();
            rootIsObject = reader.TokenType == JsonTokenType.StartObject;
            // Reading on to the end validates the rest, so malformed JSON is reported before "not an object".
            while (reader.Read())
            {
                // Depth 1 property names belong to the root object; nested objects' keys sit deeper.
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) continue;
                var field = fields.IndexOf(ref reader);
                reader.Read();
                if (field < 0) continue;   // a nested value of an unused field is stepped through by the loop
                values[field] = reader.TokenType switch
                {
                    JsonTokenType.String => RecordMapper.FieldValue.Of(reader.GetString()!),
                    JsonTokenType.Null => RecordMapper.FieldValue.Missing,
                    _ => RecordMapper.FieldValue.NotAString,
                };
            }
        }
        catch (JsonException)
        {
            return (null, DropReasons.MalformedJson);
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate ("\ud800") is valid JSON syntax but not a string .NET can hold.
            return (null, DropReasons.MalformedJson);
        }
        if (!rootIsObject) return (null, DropReasons.MalformedJson + " (not an object)");
        return RecordMapper.Map(format, name => values[fields.IndexOf(name)]);
    }

    /// <summary>A format's required field names, also as UTF-8 so keys compare without transcoding; made once per format.</summary>
    private sealed class FieldNames
    {
        private static readonly ConditionalWeakTable<UserDataFormat, FieldNames> Cache = new();
        private readonly IReadOnlyList<string> _names;
        private readonly byte[][] _utf8;

        private FieldNames(UserDataFormat format)
        {
            _names = RecordMapper.RequiredFields(format);
            _utf8 = _names.Select(Encoding.UTF8.GetBytes).ToArray();
        }

        public static FieldNames Of(UserDataFormat format) => Cache.GetValue(format, f => new FieldNames(f));

        public int Count => _names.Count;

        /// <summary>The index of the property name the reader is on, or -1; escaped names match their unescaped form.</summary>
        public int IndexOf(ref Utf8JsonReader reader)
        {
            for (var i = 0; i < _utf8.Length; i++)
                if (reader.ValueTextEquals(_utf8[i])) return i;
            return -1;
        }

        public int IndexOf(string name)
        {
            for (var i = 0; i < _names.Count; i++)
                if (_names[i] == name) return i;
            return -1;
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
