using System.Runtime.CompilerServices;
using System.Text;
using OrleansSelect.Core.Data.Jsonl;
using Parquet;
using Parquet.Schema;

namespace OrleansSelect.Core.Data.UserData;

/// <summary>
/// Reads a user's Parquet file into examples one row group at a time, so memory holds one row
/// group's columns, never the file. Bad rows (null field, empty text, over the size limit) are
/// rejected like JSONL lines, with the 1-based row number in place of a line number.
/// </summary>
public static class ParquetRecordReader
{
    /// <summary>Each good row's example with its 1-based row number.</summary>
    public static async IAsyncEnumerable<(PoolExample Example, long Row)> ReadAsync(string path, UserDataFormat format, ReadOptions options,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (!File.Exists(path)) throw new UserInputException($"File '{path}' does not exist.");
        var drops = options.ResolveDrops();
        var source = options.SourceName ?? Path.GetFileName(path);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(path, cancellationToken: ct);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
        {
            throw new UserInputException($"File '{path}' is not a readable Parquet file: {e.Message}", e);
        }
        await using var _ = reader;
        var fields = Resolve(path, reader.Schema, format);
        long row = 0;
        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            using var rowGroup = reader.OpenRowGroupReader(group);
            var count = checked((int)rowGroup.RowCount);
            var columns = new Dictionary<string, string?[]>(StringComparer.Ordinal);
            foreach (var (name, field) in fields)
            {
                var values = new string?[count];
                await rowGroup.ReadAsync(field, values.AsMemory(), null, ct);
                columns[name] = values;
            }
            for (var i = 0; i < count; i++)
            {
                row++;
                var index = i;
                var bytes = columns.Values.Sum(c => c[index] is { } v ? (long)Encoding.UTF8.GetByteCount(v) : 0);
                if (bytes > options.MaxRecordBytes)
                {
                    drops.Reject(source, $"{DropReasons.TooLarge} ({bytes} bytes > {options.MaxRecordBytes})", path, row);
                    continue;
                }
                var (example, error) = RecordMapper.Map(format, name =>
                    columns.TryGetValue(name, out var column) && column[index] is { } value
                        ? RecordMapper.FieldValue.Of(value)
                        : RecordMapper.FieldValue.Missing);
                if (example is null)
                {
                    drops.Reject(source, error!, path, row);
                    continue;
                }
                yield return (example, row);
            }
        }
    }

    private static Dictionary<string, DataField> Resolve(string path, ParquetSchema schema, UserDataFormat format)
    {
        var available = schema.GetDataFields();
        var fields = new Dictionary<string, DataField>(StringComparer.Ordinal);
        foreach (var name in format.RequiredFields)
        {
            var field = available.FirstOrDefault(f => f.Name == name)
                        ?? throw new UserInputException(
                            $"Parquet file '{path}' has no column '{name}'; its columns are {string.Join(", ", available.Select(f => f.Name))}.");
            // Parquet.Net reports UTF-8 columns read from a file as ReadOnlyMemory<char>.
            if (field.ClrType != typeof(string) && field.ClrType != typeof(ReadOnlyMemory<char>))
                throw new UserInputException(
                    $"Column '{name}' of Parquet file '{path}' holds {field.ClrType.Name} values, not text.");
            fields[name] = field;
        }
        return fields;
    }
}
