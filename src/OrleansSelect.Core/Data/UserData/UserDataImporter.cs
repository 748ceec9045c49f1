using OrleansSelect.Core.Data.Jsonl;

namespace OrleansSelect.Core.Data.UserData;

/// <summary>
/// Converts a user's JSONL or Parquet file into our pool JSONL, streaming record by record, so a
/// pool of any size converts in memory that grows only by one id per record. Bad records are
/// counted in the drop log, or stop the import under strict mode; a repeated id always stops it,
/// naming both records, since either one could be the one meant.
/// </summary>
public static class UserDataImporter
{
    public sealed record Result(long Examples, long Bytes, DropLog Drops);

    public static async Task<Result> ImportAsync(string input, UserDataFormat format, string output, bool strict,
        int maxRecordBytes = ReadOptions.DefaultMaxRecordBytes, IProgress<long>? progress = null,
        CancellationToken ct = default)
    {
        if (Path.GetFullPath(input) == Path.GetFullPath(output))
            throw new UserInputException($"Output '{output}' is the input file; choose another output path.");
        var drops = new DropLog(strict);
        var options = new ReadOptions { Strict = strict, MaxRecordBytes = maxRecordBytes, Drops = drops };
        using var writer = new PoolJsonlWriter(output);
        var parquet = format.Format == UserFileFormat.Parquet;
        using var ids = new UniqueIds(input, parquet ? "row" : "line", format.IdField is null
            ? "the two records have the same prompt and response, so remove one of them."
            : $"every record needs its own '{format.IdField}', or leave out --id-field to use content hashes.");
        if (parquet)
        {
            await foreach (var (example, row) in ParquetRecordReader.ReadAsync(input, format, options, ct))
                Write(writer, ids, example, row, progress);
        }
        else
        {
            foreach (var (example, line) in JsonlRecordReader.Read(input, format, options))
            {
                ct.ThrowIfCancellationRequested();
                Write(writer, ids, example, line.Number, progress);
            }
        }
        ids.Check();
        var result = new Result(writer.Count, writer.Bytes, drops);
        writer.Complete();
        return result;
    }

    private static void Write(PoolJsonlWriter writer, UniqueIds ids, PoolExample example, long position, IProgress<long>? progress)
    {
        ids.Add(example.Id, position);
        writer.Write(example);
        if (writer.Count % 10_000 == 0) progress?.Report(writer.Count);
    }
}
