using OrleansSelect.Core.IO;
using OrleansSelect.Grains.Pool;

namespace OrleansSelect.Cluster.Tests;

/// <summary>Which shard-state write a storage-failure test fails.</summary>
public static class ShardWrites
{
    /// <summary>
    /// A write that records scores: its state names an index file (written just before it, under
    /// <paramref name="modelDirectory"/>) that lists at least one score.
    /// </summary>
    public static bool RecordsScores(object? state, string modelDirectory) =>
        state is ShardState { Index: { } file }
        && new ColumnFileStore(modelDirectory).TryRead<byte>(file, "index", null, out _) is { } bytes
        && ShardIndex.FromUtf8(bytes).Scores.Count > 0;
}
