using System.Text.Json;
using OrleansSelect.Core.Compute;
using OrleansSelect.Models;
using OrleansSelect.Models.Pretraining;
using OrleansSelect.Models.Training;
using TorchSharp;

namespace OrleansSelect.Cluster.Tests;

/// <summary>
/// A "test"-size pretrained base where `model pretrain` would leave one (MODELS/pretrained/test.json
/// pointing at its checkpoint), with random weights drawn from a generator of its own so every
/// run of a test scores with the same model.
/// </summary>
public static class SelectorBases
{
    public static string WriteTestBase(string modelDirectory, int seed = 7)
    {
        var folder = Directory.CreateDirectory(Path.Combine(modelDirectory, "pretrained")).FullName;
        var checkpoint = Path.Combine(folder, "test-random.ckpt");
        var shape = ModelCatalog.Get("test");
        using (var model = ModelFactory.Create(shape, new ComputeOptions("cpu", Precision.Fp32, 1), seed))
        {
            using var generator = new torch.Generator((ulong)seed);
            using var noGrad = torch.no_grad();
            foreach (var (name, p) in model.named_parameters())
            {
                if (p.dim() >= 2) p.copy_(torch.randn(p.shape, generator: generator) * 0.02);
                else if (name.Contains("ln")) p.fill_(name.EndsWith("weight") ? 1.0 : 0.0);
                else p.zero_();
            }
            Checkpoint.Save(checkpoint, model, optimizer: null);
        }
        var pointer = new PretrainedModel("test", checkpoint, "random", shape.NonEmbeddingParameters, 0, 0, 0, "Fp32", 0, 0, 0);
        File.WriteAllText(Path.Combine(folder, "test.json"), JsonSerializer.Serialize(pointer));
        return checkpoint;
    }
}
