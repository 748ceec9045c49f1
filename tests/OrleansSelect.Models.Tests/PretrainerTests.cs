using OrleansSelect.Core.Data;
using System.Text.Json;
using OrleansSelect.Models.Pretraining;

namespace OrleansSelect.Models.Tests;

public class PretrainerTests
{
    [Fact]
    public void PretrainingSkipsSentimentTextAndASecondCallComesFromTheCache()
    {
        var root = Path.Combine(Path.GetTempPath(), $"pretrain-{Guid.NewGuid():N}");
        var built = Path.Combine(root, "built", "yelp");
        Directory.CreateDirectory(built);
        var general = Enumerable.Range(0, 200).Select(i =>
            new PoolExample($"g{i}", $"Tell me about item {i}.\n", $"Item {i} is a plain thing among others.", "brown", "text")).ToList();
        var sentiment = TestData.Examples(20).Select(e => e with { Source = "amazon" });
        File.WriteAllLines(Path.Combine(built, "pool.jsonl"), general.Concat(sentiment).Select(e => JsonSerializer.Serialize(
            new { id = e.Id, prompt = e.Prompt, response = e.Response, source = e.Source, task = e.Task })));

        var corpus = PretrainingCorpus.FromDataDirectory(root);
        Assert.Equal(200, corpus.Train.Count + corpus.Validation.Count);
        Assert.DoesNotContain(corpus.Train, t => t.Contains("Sentiment:"));

        var models = Path.Combine(root, "models");
        var recipe = new PretrainingRecipe(Tokens: 6_000, BatchSize: 4, PeakLearningRate: 3e-3);
        var first = Pretrainer.Run("test", models, corpus, recipe, TestData.Fp32, null, CancellationToken.None);
        Assert.False(first.FromCache);
        Assert.True(first.Tokens <= 6_000 && first.Tokens > 5_000);
        Assert.True(File.Exists(first.CheckpointPath));

        var second = Pretrainer.Run("test", models, PretrainingCorpus.FromDataDirectory(root), recipe, TestData.Fp32, null, CancellationToken.None);
        Assert.True(second.FromCache);
        Assert.Equal(first.CheckpointPath, second.CheckpointPath);
        Assert.Equal(first.FinalLoss, second.FinalLoss);
        Assert.Equal(first.CheckpointPath, Pretrainer.Find(models, "test")!.CheckpointPath);

        var changed = Pretrainer.Run("test", models, corpus, recipe with { Seed = 1 }, TestData.Fp32, null, CancellationToken.None);
        Assert.NotEqual(first.CacheKey, changed.CacheKey);

        // A pointer to a base of another shape (as left by the byte-level family) is not a usable base.
        var stale = Path.Combine(models, "pretrained", "nano.json");
        File.WriteAllText(stale, File.ReadAllText(Path.Combine(models, "pretrained", "test.json")));
        Assert.Null(Pretrainer.Find(models, "nano"));
        Directory.Delete(root, true);
    }

    [Fact]
    public void ADataFolderWithoutPoolsIsAUserError()
    {
        var root = Path.Combine(Path.GetTempPath(), $"empty-{Guid.NewGuid():N}");
        var e = Assert.Throws<Core.UserInputException>(() => PretrainingCorpus.FromDataDirectory(root));
        Assert.Contains("data build", e.Message);
    }
}
