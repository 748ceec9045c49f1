using OrleansSelect.Core.Compute;
using OrleansSelect.Models.Tokenization;
using OrleansSelect.Models.Training;
using static TorchSharp.torch;

namespace OrleansSelect.Models.Tests;

/// <summary>A run that keeps its order trains the texts exactly as given (a curriculum); otherwise the seeded shuffle decides.</summary>
public class TrainingOrderTests : IDisposable
{
    private static readonly string[] Curriculum =
        ["the middle third comes first", "then the lowest perplexity", "and the highest at the end", "each third shuffled", "by the seed", "of the selection"];

    private readonly string _folder = Directory.CreateTempSubdirectory("training-order-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_run_that_keeps_its_order_trains_the_texts_in_the_order_given()
    {
        const int seed = 5;
        // The texts that the seeded shuffle turns into the curriculum: shuffled[π[j]] = Curriculum[j].
        var permutation = Enumerable.Range(0, Curriculum.Length).ToArray();
        new Random(seed).Shuffle(permutation);
        var shuffledInput = new string[Curriculum.Length];
        for (int j = 0; j < permutation.Length; j++)
            shuffledInput[permutation[j]] = Curriculum[j];

        // Every run starts from one file: a seed alone races with other tests reseeding torch's generator.
        var start = Selectors.TestSelector.Create(_folder).CheckpointPath;
        var kept = Losses(start, Curriculum, seed, keepOrder: true);
        var shuffled = Losses(start, shuffledInput, seed, keepOrder: false);
        var reshuffled = Losses(start, Curriculum, seed, keepOrder: false);

        Assert.Equal(shuffled, kept); // step by step, the same rows in the same order
        Assert.NotEqual(reshuffled, kept);
    }

    private static IReadOnlyList<double> Losses(string start, string[] texts, int seed, bool keepOrder)
    {
        var shape = ModelCatalog.Get("test");
        using var model = ModelFactory.Create(shape, TestData.Fp32, seed: 1, start);
        var data = new PackedSequences(texts, ByteTokenizer.Instance, contextLength: 16);
        var run = new TrainingRun(Epochs: 1, BatchSize: 1, PeakLearningRate: 1e-2, double.MaxValue, seed, KeepOrder: keepOrder);
        return LanguageModelTrainer.Train(model, shape, data, run, CPU, null, CancellationToken.None).Losses;
    }
}
