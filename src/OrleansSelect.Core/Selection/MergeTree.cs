namespace OrleansSelect.Core.Selection;

/// <summary>
/// The shape of a selection's merge tree over a pool's shards. A node with at most
/// <c>fanOut</c> shards scores them itself; a larger one hands near-equal runs of them to at most
/// <c>fanOut</c> child nodes, so the tree is as shallow as the pool allows and no node ever handles
/// more than <c>fanOut</c> children. Every node keeps and sends on only the merged candidates of
/// its children (see <see cref="ShardTopK"/>): at most fanOut · min(k, shards under it) of them,
/// with k the selection's size, whatever the number of shards. (A large fraction of a large pool
/// makes k itself large; a selection of millions is the selection-file work of issue 11.)
/// </summary>
public static class MergeTree
{
    /// <summary>Up to a few hundred children per node is cheap for Orleans and for the merge.</summary>
    public const int DefaultFanOut = 100;

    /// <summary>Whether a node over this many shards scores them directly (a leaf) rather than through children.</summary>
    public static bool IsLeaf(int shardCount, int fanOut) => shardCount <= CheckFanOut(fanOut);

    /// <summary>
    /// A node's children: as few consecutive runs of its shards as keeps each within the smallest
    /// power of the fan-out that needs no more than fanOut runs, and the runs as equal as can be
    /// (equal runs finish together, so the calls in flight stay shared evenly).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<int>> Children(IReadOnlyList<int> shards, int fanOut)
    {
        CheckFanOut(fanOut);
        long run = 1;
        while (run * fanOut < shards.Count)
            run *= fanOut;
        int count = (int)((shards.Count + run - 1) / run);
        var children = new List<IReadOnlyList<int>>(count);
        for (int i = 0, start = 0; i < count; i++)
        {
            int size = shards.Count / count + (i < shards.Count % count ? 1 : 0);
            children.Add(shards.Skip(start).Take(size).ToArray());
            start += size;
        }
        return children;
    }

    /// <summary>
    /// Splits a node's allowance of calls in flight over its children, so the whole tree keeps about
    /// the root's allowance of shard calls going at once, however deep it is: how many children run
    /// at once, and the allowance each of them gets.
    /// </summary>
    public static (int ChildrenAtOnce, int PerChild) ShareInFlight(int maxInFlight, int children)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(children, 1);
        int atOnce = Math.Min(maxInFlight, children);
        return (atOnce, Math.Max(1, maxInFlight / atOnce));
    }

    /// <summary>A grain key naming a node by its selection and its first and last shard.</summary>
    public static string NodeKey(string selectionId, IReadOnlyList<int> shards) =>
        $"{selectionId}/{shards[0]}-{shards[^1]}";

    private static int CheckFanOut(int fanOut)
    {
        if (fanOut < 2)
            throw new ArgumentOutOfRangeException(nameof(fanOut), fanOut, "a merge tree needs a fan-out of at least 2.");
        return fanOut;
    }
}
