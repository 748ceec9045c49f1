using OrleansSelect.Core.Data.Jsonl;

namespace OrleansSelect.Core.Data.Build;

/// <summary>
/// Writes a seeded uniform sample of a pool (for a demo or a quick run that cannot afford the
/// whole pool): the <c>count</c> examples with the smallest seeded keys, in id order. Streams the
/// pool once and keeps only the sample in memory. The same pool, count and seed give the same file.
/// </summary>
public static class PoolSampler
{
    public static (long Count, long Bytes) Write(string poolPath, string outputPath, int count, int seed)
    {
        if (count <= 0) throw new UserInputException($"Sample size must be positive, not {count}.");
        // A max-heap on the key: the root is the worst of the kept examples, replaced by any better one.
        var heap = new PriorityQueue<PoolExample, (ulong Key, string Id)>(
            Comparer<(ulong Key, string Id)>.Create((a, b) =>
            {
                var byKey = b.Key.CompareTo(a.Key);
                return byKey != 0 ? byKey : string.CompareOrdinal(b.Id, a.Id);
            }));
        foreach (var example in PoolJsonl.Read(poolPath))
        {
            var priority = (SeededOrder.Key(seed, example.Id), example.Id);
            if (heap.Count < count)
            {
                heap.Enqueue(example, priority);
            }
            else if (heap.TryPeek(out _, out var worst) &&
                     (priority.Item1 < worst.Key || (priority.Item1 == worst.Key && string.CompareOrdinal(priority.Id, worst.Id) < 0)))
            {
                heap.DequeueEnqueue(example, priority);
            }
        }
        var sample = heap.UnorderedItems.Select(i => i.Element).OrderBy(e => e.Id, StringComparer.Ordinal);
        return PoolJsonl.Write(outputPath, sample);
    }
}
