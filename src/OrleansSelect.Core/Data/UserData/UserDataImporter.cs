using OrleansSelect.Core.Data.Jsonl;

namespace OrleansSelect.Core.Data.UserData;

/// <summary>
/// Converts a user's JSONL or Parquet file into our pool JSONL, streaming record by record, so a
/// pool of any size converts in constant memory. Bad records are counted in the drop log, or stop
/// the import under strict mode.
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
        if (format.Format == UserFileFormat.Parquet)
        {
            await foreach (var example in ParquetRecordReader.ReadAsync(input, format, options, ct))
                Write(writer, example, progress);
        }
        else
        {
            foreach (var (example, _) in JsonlRecordReader.Read(input, format, options))
            {
                ct.ThrowIfCancellationRequested();
                Write(writer, example, progress);
            }
        }
        var result = new Result(writer.Count, writer.Bytes, drops);
        writer.Complete();
        return result;
    }

    private static void Write(PoolJsonlWriter writer, PoolExample example, IProgress<long>? progress)
    {
        writer.Write(example);
        if (writer.Count % 10_000 == 0) progress?.Report(writer.Count);
    }
}
