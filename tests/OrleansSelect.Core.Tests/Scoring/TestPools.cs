using OrleansSelect.Core.Data;

namespace OrleansSelect.Core.Tests.Scoring;

/// <summary>Small synthetic pools and targets, generated from a seed so every run sees the same data.</summary>
internal static class TestPools
{
    private static readonly string[] Vocabulary =
    [
        "the", "a", "cat", "dog", "sat", "on", "mat", "Bird!", "fly,", "2024", "x2", "don't",
        "solve", "equation", "for", "x", "translate", "into", "French", "summary", "of", "text.",
    ];

    public static PoolExample Example(string id, string prompt, string response = "") =>
        new(id, prompt, response, Source: "test", Task: "test");

    public static TargetTask Target(params string[] references) =>
        new("target", references.Select((r, i) => Example($"ref{i}", r)).ToList(), Test: [], Labels: []);

    /// <summary>A pool of short texts over a small vocabulary, so terms repeat and scores tie sometimes.</summary>
    public static List<PoolExample> Pool(int size, int seed)
    {
        var random = new Random(seed);
        var pool = new List<PoolExample>(size);
        for (var i = 0; i < size; i++)
        {
            var words = Enumerable.Range(0, random.Next(0, 12)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]);
            var prompt = string.Join(' ', words);
            var response = random.Next(2) == 0 ? "" : " " + Vocabulary[random.Next(Vocabulary.Length)];
            pool.Add(Example($"ex{i:D4}", prompt, response));
        }
        return pool;
    }

    /// <summary>Cuts a pool into uneven consecutive shards at the given sizes (zeros make empty shards).</summary>
    public static List<List<PoolExample>> Shards(List<PoolExample> pool, params int[] sizes)
    {
        if (sizes.Sum() != pool.Count)
            throw new ArgumentException("shard sizes must add up to the pool size");
        var shards = new List<List<PoolExample>>();
        var start = 0;
        foreach (var size in sizes)
        {
            shards.Add(pool.GetRange(start, size));
            start += size;
        }
        return shards;
    }
}
