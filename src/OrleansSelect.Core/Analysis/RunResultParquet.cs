using System.Globalization;
using OrleansSelect.Core.IO;
using Parquet;
using Parquet.Schema;

namespace OrleansSelect.Core.Analysis;

/// <summary>
/// Sweep results as Parquet, in the columns of <see cref="RunResultColumns"/>: text as strings, counts
/// as 64-bit integers, the rest as doubles. Reading finds columns by name (another tool's table, with
/// 32-bit counts, float metrics or nullable columns, reads too) and turns each row into table cells,
/// so <see cref="RunResultColumns.FromRecord"/> checks it exactly as it checks a CSV line.
/// </summary>
public static class RunResultParquet
{
    public static async Task WriteAsync(string path, IReadOnlyList<RunResult> runs, CancellationToken ct = default)
    {
        var fields = RunResultColumns.All.Select(Field).ToArray();
        using var file = AtomicFile.Create(path);
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields.Select(f => f.Field)), file.Stream, cancellationToken: ct))
        {
            using var group = writer.CreateRowGroup();
            foreach (var (column, field) in fields)
            {
                var values = runs.Select(column.Value).ToArray();
                switch (column.Kind)
                {
                    case RunResultColumns.Kind.Text:
                        await group.WriteAsync(field, values.Cast<string>().ToArray());
                        break;
                    case RunResultColumns.Kind.Whole:
                        await group.WriteAsync<long>(field, values.Cast<long>().ToArray(), cancellationToken: ct);
                        break;
                    default:
                        await group.WriteAsync<double>(field, values.Cast<double>().ToArray(), cancellationToken: ct);
                        break;
                }
            }
            group.CompleteValidate();
        }
        file.Commit();
    }

    public static async Task<IReadOnlyList<RunResult>> ReadAsync(string path, CancellationToken ct = default)
    {
        if (!File.Exists(path))
            throw new UserInputException($"The file {path} does not exist.");
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(path, cancellationToken: ct);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
        {
            throw new UserInputException($"{path} is not a readable Parquet file: {e.Message}", e);
        }
        await using var _ = reader;
        var available = reader.Schema.GetDataFields().GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var missing = RunResultColumns.Names.Where(c => !available.ContainsKey(c)).ToArray();
        if (missing.Length > 0)
            throw new UserInputException($"{path} lacks the column(s) {string.Join(", ", missing)} of a {RunResultColumns.SchemaName} table.");

        var positions = RunResultColumns.Names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.OrdinalIgnoreCase);
        var runs = new List<RunResult>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int count = checked((int)group.RowCount);
            var cells = new string[RunResultColumns.Names.Count][];
            for (int c = 0; c < cells.Length; c++)
                cells[c] = await ReadCells(path, group, available[RunResultColumns.Names[c]], count, ct);
            for (int i = 0; i < count; i++)
                runs.Add(RunResultColumns.FromRecord(new CsvRecord(path, runs.Count + 1, positions, cells.Select(column => column[i]).ToArray())));
        }
        return runs;
    }

    private static (RunResultColumns.Column Column, DataField Field) Field(RunResultColumns.Column column) => (column, column.Kind switch
    {
        RunResultColumns.Kind.Text => new DataField<string>(column.Name),
        RunResultColumns.Kind.Whole => new DataField<long>(column.Name),
        _ => new DataField<double>(column.Name),
    });

    // A null cell becomes "", which the record reader refuses as "not a number" where it needs one.
    private static async Task<string[]> ReadCells(string path, ParquetRowGroupReader group, DataField field, int count, CancellationToken ct)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var text = new string?[count];
            await group.ReadAsync(field, text.AsMemory(), null, ct);
            return text.Select(t => t ?? "").ToArray();
        }
        if (type == typeof(double)) return await Cells<double>(group, field, count, v => RunResultColumns.Cell(v), ct);
        if (type == typeof(float)) return await Cells<float>(group, field, count, v => RunResultColumns.Cell((double)v), ct);
        if (type == typeof(long)) return await Cells<long>(group, field, count, v => RunResultColumns.Cell(v), ct);
        if (type == typeof(int)) return await Cells<int>(group, field, count, v => v.ToString(CultureInfo.InvariantCulture), ct);
        throw new UserInputException($"Column '{field.Name}' of {path} holds {type.Name} values, not text or numbers.");
    }

    private static async Task<string[]> Cells<T>(ParquetRowGroupReader group, DataField field, int count, Func<T, string> cell, CancellationToken ct)
        where T : struct
    {
        if (!field.IsNullable)
        {
            var values = new T[count];
            await group.ReadAsync<T>(field, values.AsMemory(), null, ct);
            return values.Select(cell).ToArray();
        }
        var nullable = new T?[count];
        await group.ReadAsync<T>(field, nullable.AsMemory(), null, ct);
        return nullable.Select(v => v is { } value ? cell(value) : "").ToArray();
    }
}
