using OrleansSelect.Core.Data.UserData;

namespace OrleansSelect.Core.Data.Jsonl;

/// <summary>
/// Our JSONL pool and target files (fields id, prompt, response, source, task). Everything
/// streams: memory does not grow with the file. Shards are byte ranges cut at line starts.
/// </summary>
public static class PoolJsonl
{
    /// <summary>Reads every example; strict by default (first bad line throws with file:line).</summary>
    public static IEnumerable<PoolExample> Read(string path, ReadOptions? options = null) =>
        JsonlRecordReader.Read(path, UserDataFormat.Pool, options ?? ReadOptions.StrictDefault).Select(r => r.Example);

    /// <summary>Reads the lines that start in [start, end), strictly, with each line's offset and length.</summary>
    public static IEnumerable<(PoolExample Example, long Offset, int Length)> ReadRange(string path, long start, long end) =>
        JsonlRecordReader.Read(path, UserDataFormat.Pool, ReadOptions.StrictDefault, start, end)
            .Select(r => (r.Example, r.Line.Offset, r.Line.Length));

    /// <summary>
    /// Streams the file once, checking every record strictly (the first bad line throws with
    /// file:line), and cuts it into byte ranges of at most <paramref name="examplesPerShard"/>
    /// examples each, every range starting at a line start; the last range ends at the file's end.
    /// </summary>
    public static IReadOnlyList<(long Start, long End, int Count)> PlanShards(
        string path, int examplesPerShard, CancellationToken cancellation = default)
    {
        if (examplesPerShard <= 0)
            throw new UserInputException($"Examples per shard must be positive, not {examplesPerShard}.");
        var shards = new List<(long, long, int)>();
        long shardStart = 0;
        var count = 0;
        foreach (var (_, line) in JsonlRecordReader.Read(path, UserDataFormat.Pool, ReadOptions.StrictDefault))
        {
            cancellation.ThrowIfCancellationRequested();
            if (count == examplesPerShard)
            {
                shards.Add((shardStart, line.Offset, count));
                shardStart = line.Offset;
                count = 0;
            }
            count++;
        }
        if (count > 0) shards.Add((shardStart, new FileInfo(path).Length, count));
        return shards;
    }

    /// <summary>Writes the examples in the given order; returns the count and bytes written.</summary>
    public static (long Count, long Bytes) Write(string path, IEnumerable<PoolExample> examples)
    {
        using var writer = new PoolJsonlWriter(path);
        foreach (var example in examples) writer.Write(example);
        var result = (writer.Count, writer.Bytes);
        writer.Complete();
        return result;
    }
}
