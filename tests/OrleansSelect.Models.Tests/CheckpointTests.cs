using OrleansSelect.Core.Compute;
using OrleansSelect.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace OrleansSelect.Models.Tests;

public class CheckpointTests
{
    [Fact]
    public void PerEpochCheckpointsRestoreWeightsAndOptimizerMoments()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ckpt-{Guid.NewGuid():N}");
        var shape = ModelCatalog.Get("test");
        using var model = ModelFactory.Create(shape, TestData.Fp32, seed: 2);
        var data = new PackedSequences(TestData.Examples(16).Select(e => e.Text), Tokenization.ByteTokenizer.Instance, shape.ContextLength);
        var trainable = model.named_parameters().ToArray();
        using var optimizer = new AdamW(trainable);
        LanguageModelTrainer.Train(model, shape, data, new TrainingRun(2, 4, 1e-3, double.MaxValue, 2, dir), CPU, null, CancellationToken.None, optimizer);

        Assert.True(File.Exists(Path.Combine(dir, "epoch-1.ckpt")));
        var last = Path.Combine(dir, "epoch-2.ckpt");
        using var restored = ModelFactory.Create(shape, TestData.Fp32, seed: 99);
        using var restoredOptimizer = new AdamW(restored.named_parameters().ToArray());
        var header = Checkpoint.Load(last, restored, restoredOptimizer);

        Assert.Equal(optimizer.StepCount, header.OptimizerSteps);
        Assert.True(optimizer.StepCount > 0);
        var original = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in restored.named_parameters()) Assert.True(p.allclose(original[name], 0, 0), name);
        foreach (var (name, m) in restoredOptimizer.FirstMoments)
        {
            Assert.True(m.allclose(optimizer.FirstMoments[name], 0, 0), name);
            Assert.True(restoredOptimizer.SecondMoments[name].allclose(optimizer.SecondMoments[name], 0, 0), name);
            Assert.True(m.abs().sum().item<float>() > 0, name);
        }
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData(0.5)]   // cut inside the tensors
    [InlineData(0.001)] // cut inside the header
    public void ATruncatedCheckpointIsAUserErrorNamingTheFile(double keptFraction)
    {
        var path = Path.Combine(Path.GetTempPath(), $"trunc-{Guid.NewGuid():N}.ckpt");
        var shape = ModelCatalog.Get("test");
        using var model = ModelFactory.Create(shape, TestData.Fp32, seed: 2);
        Checkpoint.Save(path, model, null);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..Math.Max(8, (int)(bytes.Length * keptFraction))]);

        using var other = ModelFactory.Create(shape, TestData.Fp32, seed: 3);
        var e = Assert.Throws<Core.UserInputException>(() => Checkpoint.Load(path, other));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
        File.Delete(path);
    }

    [Fact]
    public void SavingNeverTouchesAnotherWritersTemporaryFileAndLeavesNoneOfItsOwn()
    {
        // Another process saving the same checkpoint at the same moment owns its temporary file;
        // a fixed "<name>.tmp" would be truncated under it and moved away.
        var dir = Path.Combine(Path.GetTempPath(), $"ckpt-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "model.ckpt");
        File.WriteAllText(path + ".tmp", "another writer's bytes");
        var shape = ModelCatalog.Get("test");
        using var model = ModelFactory.Create(shape, TestData.Fp32, seed: 2);

        Checkpoint.Save(path, model, null);

        Assert.Equal("another writer's bytes", File.ReadAllText(path + ".tmp"));
        Assert.Equal([path, path + ".tmp"], Directory.GetFiles(dir).Order(StringComparer.Ordinal));
        using var restored = ModelFactory.Create(shape, TestData.Fp32, seed: 3);
        Checkpoint.Load(path, restored);
        var original = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in restored.named_parameters()) Assert.True(p.allclose(original[name], 0, 0), name);
        Directory.Delete(dir, true);
    }
}
