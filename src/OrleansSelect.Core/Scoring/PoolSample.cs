using System.Security.Cryptography;
using System.Text;
using OrleansSelect.Core.Data;

namespace OrleansSelect.Core.Scoring;

/// <summary>
/// A seeded random share of the pool that a method's prepare trains on: each example is in it with
/// probability <c>fraction</c>, decided by a hash of (seed, its id) alone, so every shard draws its
/// part on its own and the union is the same on any sharding. Examples are ordered by id, and the
/// sample is named by the hash of its content (part of the prepared artifact's key).
/// </summary>
public static class PoolSample
{
    public static bool Contains(int seed, string exampleId, double fraction) =>
        RandomScorer.UniformScore(seed, "pool-sample/" + exampleId) < fraction;

    public static IReadOnlyList<PoolExample> Draw(IEnumerable<PoolExample> examples, int seed, double fraction) =>
        examples.Where(e => Contains(seed, e.Id, fraction)).ToList();

    /// <summary>The union of the shards' parts, in id order.</summary>
    public static IReadOnlyList<PoolExample> Merge(IEnumerable<IEnumerable<PoolExample>> parts) =>
        parts.SelectMany(p => p).OrderBy(e => e.Id, StringComparer.Ordinal).ToList();

    public static string ContentHash(IReadOnlyList<PoolExample> sample)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var e in sample)
            hash.AppendData(Encoding.UTF8.GetBytes($"{e.Id}\u0001{e.Prompt}\u0001{e.Response}\u0002"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
