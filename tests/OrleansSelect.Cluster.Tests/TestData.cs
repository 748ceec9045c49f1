using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Build;
using OrleansSelect.Core.Data.Jsonl;

namespace OrleansSelect.Cluster.Tests;

/// <summary>
/// A small pool and a sentiment target that tests make themselves: a few review sentences that
/// share the target's words, among many unrelated examples, so selection has something to find.
/// </summary>
public static class TestData
{
    private static readonly string[] Good = ["great", "lovely", "excellent", "tasty", "friendly", "perfect"];
    private static readonly string[] Bad = ["awful", "rude", "terrible", "bland", "dirty", "broken"];
    private static readonly string[] Things = ["food", "service", "staff", "pizza", "room", "coffee"];
    private static readonly string[] Filler = ["the committee met in the capital", "define the word harbour", "a whale rose from the sea",
        "the senate passed the bill", "name the element with symbol fe", "the ship sailed at dawn"];

    /// <summary>
    /// The largest token estimate of an example here (they range from 20 to 24), so a shard of
    /// n × this many tokens holds about n examples: the test pools' shard counts follow from it.
    /// </summary>
    public const long TokensPerExample = 24;

    public static PoolExample Review(int i, bool positive, string source)
    {
        var words = positive ? Good : Bad;
        var text = $"The {Things[i % Things.Length]} was {words[i % words.Length]} and {words[(i / 3 + 1) % words.Length]} number {i}.";
        return ExampleIds.Create($"Review: {text}\nSentiment:", positive ? " positive" : " negative", source, "sentiment");
    }

    public static PoolExample Unrelated(int i) =>
        ExampleIds.Create($"Continue: {Filler[i % Filler.Length]} in year {1800 + i}", $" and then {Filler[(i + 2) % Filler.Length]}.", "filler", "continuation");

    /// <summary>Writes pool.jsonl (reviews and filler interleaved) and a target folder of <paramref name="references"/> reference examples; returns (pool path, target folder).</summary>
    public static (string PoolPath, string TargetDirectory) Write(string folder, int reviews = 60, int unrelated = 240, bool labelled = true, int references = 8)
    {
        var pool = new List<PoolExample>();
        for (int i = 0; i < Math.Max(reviews, unrelated); i++)
        {
            if (i < unrelated) pool.Add(Unrelated(i));
            if (i < reviews) pool.Add(Review(i, i % 2 == 0, "pool-reviews"));
        }
        var poolPath = Path.Combine(folder, "pool.jsonl");
        PoolJsonl.Write(poolPath, pool);

        var targetDirectory = Path.Combine(folder, "target");
        Directory.CreateDirectory(targetDirectory);
        var reference = Enumerable.Range(1000, references).Select(i => Review(i, i % 2 == 0, "target")).ToList();
        var test = Enumerable.Range(2000, 20).Select(i => Review(i, i % 2 == 0, "target")).ToList();
        var task = new TargetTask("toy", reference, test, labelled ? [" negative", " positive"] : []);
        TargetTaskStore.Save(targetDirectory, task,
            new TargetManifest("toy", "sentiment", task.Labels, 1, reference.Count, test.Count, pool.Count, new FileInfo(poolPath).Length));
        return (poolPath, targetDirectory);
    }
}
