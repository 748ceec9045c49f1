using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Build;
using OrleansSelect.Core.Data.Jsonl;

namespace OrleansSelect.Cli.LocalCluster;

/// <summary>
/// A small made-up pool and sentiment target for `bench sweep`, so the benchmark needs no downloaded
/// data: review sentences that share the target's words among unrelated filler, enough for selection
/// to find something and for every run to be short.
/// </summary>
public static class BenchSweepData
{
    private static readonly string[] Good = ["great", "lovely", "excellent", "tasty", "friendly", "perfect"];
    private static readonly string[] Bad = ["awful", "rude", "terrible", "bland", "dirty", "broken"];
    private static readonly string[] Things = ["food", "service", "staff", "pizza", "room", "coffee"];
    private static readonly string[] Filler = ["the committee met in the capital", "define the word harbour", "a whale rose from the sea",
        "the senate passed the bill", "name the element with symbol fe", "the ship sailed at dawn"];

    /// <summary>
    /// Writes pool.jsonl and a target folder under <paramref name="folder"/>; returns them and the
    /// estimated tokens per shard that cut the pool into shards of about <paramref name="examplesPerShard"/>
    /// examples (ingest cuts by tokens: a count of examples taken as tokens gave shards of nine examples).
    /// </summary>
    public static (string PoolPath, string TargetDirectory, long TokensPerShard) Write(string folder, int reviews, int unrelated, int examplesPerShard)
    {
        var pool = new List<PoolExample>();
        for (int i = 0; i < Math.Max(reviews, unrelated); i++)
        {
            if (i < unrelated)
                pool.Add(ExampleIds.Create($"Continue: {Filler[i % Filler.Length]} in year {1800 + i}",
                    $" and then {Filler[(i + 2) % Filler.Length]}.", "filler", "continuation"));
            if (i < reviews)
                pool.Add(Review(i, "pool-reviews"));
        }
        var poolPath = Path.Combine(folder, "pool.jsonl");
        PoolJsonl.Write(poolPath, pool);

        var targetDirectory = Path.Combine(folder, "bench-target");
        Directory.CreateDirectory(targetDirectory);
        var reference = Enumerable.Range(100_000, 8).Select(i => Review(i, "target")).ToList();
        var test = Enumerable.Range(200_000, 20).Select(i => Review(i, "target")).ToList();
        var task = new TargetTask("bench", reference, test, SentimentFormat.Labels);
        TargetTaskStore.Save(targetDirectory, task, new TargetManifest("bench", SentimentFormat.Task, task.Labels, 1,
            reference.Count, test.Count, pool.Count, new FileInfo(poolPath).Length));
        long tokensPerShard = pool.Sum(TokenEstimate.Of) * examplesPerShard / pool.Count;
        return (poolPath, targetDirectory, tokensPerShard);
    }

    private static PoolExample Review(int i, string source)
    {
        bool positive = i % 2 == 0;
        var words = positive ? Good : Bad;
        return SentimentFormat.Create($"The {Things[i % Things.Length]} was {words[i % words.Length]} and {words[(i / 3 + 1) % words.Length]} number {i}.", positive, source);
    }
}
