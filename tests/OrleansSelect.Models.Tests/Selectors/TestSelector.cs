using System.Security.Cryptography;
using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Models.Training;
using TorchSharp;

namespace OrleansSelect.Models.Tests.Selectors;

/// <summary>A "test"-size selector the tests make: random-init weights saved as a checkpoint, named by its SHA-256.</summary>
internal static class TestSelector
{
    public static SelectorModel Create(string folder, int seed = 7)
    {
        var path = Path.Combine(folder, $"selector-{seed}.ckpt");
        using (var model = ModelFactory.Create(ModelCatalog.Get("test"), TestData.Fp32, seed))
        {
            // Drawn from a generator of its own: torch's global one is reseeded by tests running alongside.
            using var generator = new torch.Generator((ulong)seed);
            using var noGrad = torch.no_grad();
            foreach (var (name, p) in model.named_parameters())
            {
                if (p.dim() >= 2) p.copy_(torch.randn(p.shape, generator: generator) * 0.02);
                else if (name.Contains("ln")) p.fill_(name.EndsWith("weight") ? 1.0 : 0.0);
                else p.zero_();
            }
            Checkpoint.Save(path, model, optimizer: null);
        }
        using var stream = File.OpenRead(path);
        return new SelectorModel("test", path, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    /// <summary>Restaurant reviews (on target) among unrelated sentences of the same length range.</summary>
    public static (TargetTask Target, List<PoolExample> Pool) ReviewsAmongFiller(int reviews = 12, int filler = 36)
    {
        string[] things = ["food", "service", "staff", "pizza", "room", "coffee"];
        string[] words = ["great", "lovely", "awful", "tasty", "rude", "perfect"];
        string[] other = ["the senate passed the bill", "a whale rose from the sea", "define the word harbour", "the ship sailed at dawn"];
        PoolExample Review(int i, string source) => ExampleIds.Create(
            $"Review: The {things[i % 6]} was {words[i % 6]} and {words[(i / 6 + 2) % 6]}.\nSentiment:", i % 2 == 0 ? " positive" : " negative", source, "sentiment");
        PoolExample Filler(int i) => ExampleIds.Create($"Continue: {other[i % 4]} in {1800 + i}", $" and {other[(i + 1) % 4]}.", "filler", "continuation");

        var pool = new List<PoolExample>();
        for (int i = 0; i < Math.Max(reviews, filler); i++)
        {
            if (i < filler) pool.Add(Filler(i));
            if (i < reviews) pool.Add(Review(i, "pool-reviews"));
        }
        var target = new TargetTask("toy", Enumerable.Range(100, 12).Select(i => Review(i, "target")).ToList(), [], [" negative", " positive"]);
        return (target, pool);
    }
}
