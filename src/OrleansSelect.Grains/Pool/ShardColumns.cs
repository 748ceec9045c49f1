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
/// tokenizer's model size, a method's statistics the UTF-8 of their JSON, and the index of all of them
/// (<see cref="ShardIndex"/>) the UTF-8 of its JSON. The grain state keeps only the index's reference.
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

    public ColumnFileRef WriteIndex(ShardIndex index) =>
        store.Write<byte>(_folder, "index", IndexKey, index.ToUtf8());

    public ShardIndex? ReadIndex(ColumnFileRef file, out string? problem)
    {
        var bytes = store.TryRead<byte>(file, IndexKey, expectedCount: null, out problem);
        if (bytes is null)
            return null;
        try
        {
            return ShardIndex.FromUtf8(bytes);
        }
        catch (System.Text.Json.JsonException e)
        {
            problem = $"the index file {store.FullPath(file.Path)} cannot be read: {e.Message}";
            return null;
        }
    }

    /// <summary>Removes a file no longer referenced (an index replaced by a newer one); one already gone is fine.</summary>
    public void Delete(ColumnFileRef file) => File.Delete(store.FullPath(file.Path));

    private const string IndexKey = "index";

    private static string TokensKey(string tokenizerSize) => $"tokens|{tokenizerSize}";

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
