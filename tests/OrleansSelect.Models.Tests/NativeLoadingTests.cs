using TorchSharp;
using static TorchSharp.torch;

namespace OrleansSelect.Models.Tests;

/// <summary>
/// Proves libtorch and TorchSharp's glue load from the build output (Directory.Build.targets patches
/// the glue where the system libstdc++ is too old) and that autograd works end to end.
/// </summary>
public class NativeLoadingTests
{
    [Fact]
    public void ForwardAndBackwardComputeTheKnownGradient()
    {
        using var scope = NewDisposeScope();
        var w = tensor(new float[] { 1f, 2f, 3f }).requires_grad_(true);
        var x = tensor(new float[] { 4f, 5f, 6f });
        var loss = (w * x).sum() + (w * w).sum();  // d/dw = x + 2w
        loss.backward();
        Assert.Equal(4f + 10f + 18f + 1f + 4f + 9f, loss.item<float>(), 3);
        Assert.Equal(new[] { 6f, 9f, 12f }, w.grad!.data<float>().ToArray());
    }
}
