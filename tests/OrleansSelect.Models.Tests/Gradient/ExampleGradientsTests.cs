using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Models.Gradient;
using OrleansSelect.Models.Tokenization;
using OrleansSelect.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace OrleansSelect.Models.Tests.Gradient;

public class ExampleGradientsTests
{
    private static Gpt TinyModelWithLiveAdapters()
    {
        var model = ModelFactory.Create(ModelCatalog.Get("test"), TestData.Fp32, seed: 11, loraRank: 2);
        // B starts at zero, which would make every gradient of A zero: give the adapters values.
        using (no_grad())
            foreach (var (name, p) in model.named_parameters().Where(p => Gpt.IsAdapterName(p.name)))
                p.copy_(randn_like(p) * 0.1);
        return model;
    }

    /// <summary>The gradient written out by hand: bytes, a boundary on either side, mean of −log p(next byte).</summary>
    private static Tensor DirectGradient(Gpt model, PoolExample example)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(example.Prompt + example.Response).Select(b => (long)b).ToList();
        var sequence = new List<long> { 256 };
        sequence.AddRange(bytes);
        sequence.Add(256);
        var inputs = tensor(sequence.Take(sequence.Count - 1).ToArray(), [1, sequence.Count - 1]);
        var targets = tensor(sequence.Skip(1).ToArray());
        var logProbabilities = nn.functional.log_softmax(model.forward(inputs)[0], dim: 1);
        var loss = -logProbabilities.gather(1, targets.unsqueeze(1)).mean();
        var adapters = model.named_parameters().Where(p => Gpt.IsAdapterName(p.name)).Select(p => (Tensor)p.parameter).ToList();
        var grads = autograd.grad([loss], adapters);
        return cat(grads.Select(g => g.reshape(-1)).ToArray());
    }

    [Fact]
    public void A_per_example_gradient_equals_a_direct_autograd_computation()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModelWithLiveAdapters();
        var gradients = new ExampleGradients(model, ByteTokenizer.Instance);
        Assert.Equal(ModelCatalog.Get("test").LoraParameters(2), gradients.Dimension);
        foreach (var example in TestData.Examples(3))
        {
            var ours = gradients.Of(example);
            var direct = DirectGradient(model, example);
            Assert.Equal(gradients.Dimension, ours.shape[0]);
            Assert.True(direct.abs().sum().item<float>() > 0);
            Assert.True(ours.allclose(direct, rtol: 1e-4, atol: 1e-6), $"{example.Id}: gradients differ");
        }
    }

    [Fact]
    public void A_feature_is_the_unit_length_projection_of_the_adam_preconditioned_gradient()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModelWithLiveAdapters();
        var gradients = new ExampleGradients(model, ByteTokenizer.Instance);
        using var optimizer = new AdamW(model.named_parameters().Where(p => p.parameter.requires_grad));
        using (no_grad())
            foreach (var name in gradients.AdapterNames)
            {
                optimizer.FirstMoments[name].copy_(randn_like(optimizer.FirstMoments[name]) * 0.01);
                optimizer.SecondMoments[name].copy_(rand_like(optimizer.SecondMoments[name]) * 0.001);
            }
        using var adam = new AdamPreconditioner(optimizer, gradients.AdapterNames);
        var projection = new RademacherProjection(gradients.Dimension, 32, seed: 3, blockRows: 50);
        var examples = TestData.Examples(3);

        var features = new GradientFeatures(gradients, adam, projection).Compute(examples, _ => { }, CancellationToken.None);

        var m = cat(gradients.AdapterNames.Select(n => optimizer.FirstMoments[n].reshape(-1)).ToArray());
        var v = cat(gradients.AdapterNames.Select(n => optimizer.SecondMoments[n].reshape(-1)).ToArray());
        var whole = projection.Block(0, (int)gradients.Dimension);
        for (var i = 0; i < examples.Count; i++)
        {
            var g = DirectGradient(model, examples[i]);
            var update = (0.9 * m + 0.1 * g) / (optimizer.Beta2 * v + (1 - optimizer.Beta2) * g * g + optimizer.Epsilon).sqrt();
            var projected = update.unsqueeze(0).matmul(whole)[0];
            var expected = projected / projected.norm();
            Assert.True(tensor(features[i]).allclose(expected, rtol: 1e-4, atol: 1e-5), $"feature {i} differs");
        }
    }
}
