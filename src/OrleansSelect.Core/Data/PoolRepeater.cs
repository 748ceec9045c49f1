using OrleansSelect.Core.Data.Jsonl;

namespace OrleansSelect.Core.Data;

/// <summary>
/// Makes a pool of an exact size from a real one for scale benchmarks: the real pool's examples in
/// file order, read again from the start as often as needed, each id salted with its pass
/// (<c>id#r0</c>, <c>id#r1</c>, ...) so ids stay unique. It streams both files, so memory does not
/// grow with the size asked for.
/// </summary>
public static class PoolRepeater
{
    /// <summary>The id of an example on the given pass over the real pool.</summary>
    public static string SaltedId(string id, long pass) => $"{id}#r{pass}";

    /// <summary>Writes <paramref name="count"/> examples to <paramref name="outputPath"/>; returns the bytes written.</summary>
    public static long Write(string sourcePath, string outputPath, long count, CancellationToken cancellation = default)
    {
        if (count < 1)
            throw new UserInputException($"a repeated pool needs at least one example, not {count}.");
        using var writer = new PoolJsonlWriter(outputPath);
        for (long pass = 0; writer.Count < count; pass++)
        {
            long before = writer.Count;
            foreach (var example in PoolJsonl.Read(sourcePath))
            {
                if (writer.Count == count) break;
                cancellation.ThrowIfCancellationRequested();
                writer.Write(example with { Id = SaltedId(example.Id, pass) });
            }
            // An empty source would otherwise loop forever.
            if (writer.Count == before)
                throw new UserInputException($"the pool file {sourcePath} holds no examples to repeat.");
        }
        long bytes = writer.Bytes;
        writer.Complete();
        return bytes;
    }
}
