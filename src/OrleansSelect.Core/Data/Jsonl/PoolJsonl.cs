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

    /// <summary>
    /// Reads the lines that start in [start, end), strictly, with each line's offset and length.
    /// Given the SHA-256 that ingest recorded for the range, the last step of the read checks it, so
    /// a file edited after ingest is refused instead of lending its old scores to new examples.
    /// </summary>
    public static IEnumerable<(PoolExample Example, long Offset, int Length)> ReadRange(string path, long start, long end,
        string? expectedSha256 = null)
    {
        using var hasher = new ShardHasher();
        foreach (var (example, line) in JsonlRecordReader.Read(path, UserDataFormat.Pool, ReadOptions.StrictDefault, start, end))
        {
            hasher.Append(line);
            yield return (example, line.Offset, line.Length);
        }
        if (expectedSha256 is not null && hasher.Finish() != expectedSha256)
            throw new UserInputException(
                $"Pool file '{path}' changed after it was ingested (bytes {start}-{end} no longer hold the examples ingest saw); " +
                "ingest the new file under a new name.");
    }

    /// <summary>
    /// Streams the file once, checking every record strictly (the first bad line throws with
    /// file:line) and refusing a repeated id with both its lines, and cuts it into byte ranges of
    /// about <paramref name="tokensPerShard"/> estimated tokens each (<see cref="TokenEstimate"/>), so
    /// shards cost about the same to score whatever their examples' lengths. A shard closes before the
    /// example that would take it past the target: every shard holds at most the target, or is one
    /// example that alone exceeds it, and every shard but the last holds more than the target less its
    /// next example. Every range starts at a line start and is hashed as it is read; the last range
    /// ends at the file's end.
    /// </summary>
    public static IReadOnlyList<ShardPlan> PlanShards(
        string path, long tokensPerShard, CancellationToken cancellation = default)
    {
        if (tokensPerShard <= 0)
            throw new UserInputException($"Tokens per shard must be positive, not {tokensPerShard}.");
        var shards = new List<ShardPlan>();
        using var ids = new UniqueIds(path);
        using var hasher = new ShardHasher();
        long shardStart = 0, tokens = 0;
        var count = 0;
        foreach (var (example, line) in JsonlRecordReader.Read(path, UserDataFormat.Pool, ReadOptions.StrictDefault))
        {
            cancellation.ThrowIfCancellationRequested();
            ids.Add(example.Id, line.Number);
            var exampleTokens = TokenEstimate.Of(example);
            if (count > 0 && tokens + exampleTokens > tokensPerShard)
            {
                shards.Add(new ShardPlan(shardStart, line.Offset, count, tokens, hasher.Finish()));
                shardStart = line.Offset;
                count = 0;
                tokens = 0;
            }
            hasher.Append(line);
            count++;
            tokens += exampleTokens;
        }
        if (count > 0) shards.Add(new ShardPlan(shardStart, new FileInfo(path).Length, count, tokens, hasher.Finish()));
        ids.Check();
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
