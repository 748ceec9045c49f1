using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OrleansSelect.Core.Data.Build;

/// <summary>
/// A seeded shuffle that depends only on the seed and each example's id: the order is
/// SHA-256("seed:id"), ties broken by id. Unlike System.Random it cannot change between runtime
/// versions, and adding or removing one example does not reshuffle the others.
/// </summary>
public static class SeededOrder
{
    public static ulong Key(int seed, string id)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{id}"), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    public static List<PoolExample> Shuffle(IEnumerable<PoolExample> examples, int seed) =>
        examples.Select(e => (Key: Key(seed, e.Id), Example: e))
            .OrderBy(p => p.Key)
            .ThenBy(p => p.Example.Id, StringComparer.Ordinal)
            .Select(p => p.Example)
            .ToList();
}
