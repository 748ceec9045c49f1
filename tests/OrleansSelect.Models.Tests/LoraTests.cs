using OrleansSelect.Core.Compute;
using OrleansSelect.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace OrleansSelect.Models.Tests;

public class LoraTests
{
    [Fact]
    public void LoraTrainingChangesOnlyAdapterWeights()
    {
        var shape = ModelCatalog.Get("test");
        using var model = ModelFactory.Create(shape, TestData.Fp32, seed: 3, loraRank: 2);
        model.FreezeAllButAdapters();
        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

        var data = new PackedSequences(TestData.Examples(16).Select(e => e.Text), Tokenization.ByteTokenizer.Instance, shape.ContextLength);
        var result = LanguageModelTrainer.Train(model, shape, data, new TrainingRun(1, 4, 1e-2, double.MaxValue, 3), CPU, null, CancellationToken.None);
        Assert.True(result.Steps > 0);

        int adapters = 0;
        foreach (var (name, p) in model.named_parameters())
        {
            bool changed = !p.detach().allclose(before[name], 0, 0);
            if (Gpt.IsAdapterName(name)) { adapters++; Assert.True(changed, $"{name} should have trained"); }
            else Assert.False(changed, $"{name} is frozen but changed");
        }
        Assert.Equal(4 * shape.Layers, adapters); // A and B on c_attn and on c_proj
        long adapterCount = model.AdapterParameters().Sum(p => p.numel());
        Assert.Equal(shape.LoraParameters(2), adapterCount);
        foreach (var t in before.Values) t.Dispose();
    }

    [Fact]
    public void ZeroInitialisedAdaptersLeaveTheBaseModelsOutputUnchanged()
    {
        var shape = ModelCatalog.Get("test");
        using var plain = ModelFactory.Create(shape, TestData.Fp32, seed: 5);
        var path = Path.Combine(Path.GetTempPath(), $"lora-{Guid.NewGuid():N}.ckpt");
        Checkpoint.Save(path, plain, null);
        using var adapted = ModelFactory.Create(shape, TestData.Fp32, seed: 9, checkpointPath: path, loraRank: 4);
        using var scope = NewDisposeScope();
        var x = tensor(new long[] { 1, 2, 3, 4 }, new long[] { 1, 4 });
        Assert.True(plain.forward(x).allclose(adapted.forward(x), rtol: 1e-5, atol: 1e-6));
        File.Delete(path);
    }
}
