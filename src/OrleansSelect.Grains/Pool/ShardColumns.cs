using System.Security.Cryptography;
using System.Text;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.IO;

namespace OrleansSelect.Grains.Pool;

/// <summary>
/// Where a shard's per-example columns live: under the models folder (written by every silo and
/// shared by all of them in cluster mode; a pool's own folder may be read-only), in
/// <c>shard-columns/&lt;shard hash&gt;/</c>, the hash naming the shard grain and the bytes it was
/// assigned, so a pool ingested again under the same name never meets the old pool's files.
/// Scores are float64 columns named by their score key, token counts int32 columns named by the
/// tokenizer's model size, a method's statistics the UTF-8 of their JSON. The grain state keeps only
/// each file's reference.
/// </summary>
public sealed class ShardColumns(ColumnFileStore store, string shardKey, ShardDescriptor descriptor)
{
    private readonly string _folder = Path.Combine("shard-columns",
        Hash($"{shardKey}|{descriptor.Path}|{descriptor.StartByte}|{descriptor.EndByte}|{descriptor.ContentSha256}")[..24]);

    public ColumnFileRef WriteScores(string scoreKey, double[] values) =>
        store.Write<double>(_folder, $"scores-{Hash(scoreKey)[..16]}", scoreKey, values);

    public double[]? ReadScores(ColumnFileRef file, string scoreKey, out string? problem) =>
        store.TryRead<double>(file, scoreKey, descriptor.ExampleCount, out problem);

    public ColumnFileRef WriteTokenCounts(string tokenizerSize, long[] counts) =>
        store.Write<int>(_folder, $"tokens-{Hash(tokenizerSize)[..16]}", TokensKey(tokenizerSize),
            counts.Select(c => checked((int)c)).ToArray());

    public long[]? ReadTokenCounts(ColumnFileRef file, string tokenizerSize, out string? problem) =>
        store.TryRead<int>(file, TokensKey(tokenizerSize), descriptor.ExampleCount, out problem)?.Select(c => (long)c).ToArray();

    public ColumnFileRef WriteStatistics(string statisticsKey, string json) =>
        store.Write<byte>(_folder, $"statistics-{Hash(statisticsKey)[..16]}", statisticsKey, Encoding.UTF8.GetBytes(json));

    public string? ReadStatistics(ColumnFileRef file, string statisticsKey, out string? problem) =>
        store.TryRead<byte>(file, statisticsKey, expectedCount: null, out problem) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    private static string TokensKey(string tokenizerSize) => $"tokens|{tokenizerSize}";

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
