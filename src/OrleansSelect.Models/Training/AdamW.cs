using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OrleansSelect.Models.Training;

/// <summary>
/// AdamW (decoupled weight decay) over a fixed list of parameters. Written here rather than taken
/// from torch.optim so its moments are plain named tensors: checkpoints save them, and the gradient
/// selection method reads them to Adam-precondition per-example gradients. Moments take the
/// parameter's dtype (fp32 master weights under mixed precision, bf16 in pure bf16).
/// Weight decay applies to matrices only (not to norms' gains).
/// </summary>
public sealed class AdamW : IDisposable
{
    private readonly (string Name, Parameter Param)[] parameters;
    private readonly Dictionary<string, Tensor> firstMoments = new();
    private readonly Dictionary<string, Tensor> secondMoments = new();

    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.95;
    public double Epsilon { get; init; } = 1e-8;
    public double WeightDecay { get; init; } = 0.1;
    public long StepCount { get; private set; }

    public AdamW(IEnumerable<(string Name, Parameter Param)> trainable)
    {
        parameters = trainable.ToArray();
        foreach (var (name, p) in parameters)
        {
            firstMoments[name] = zeros_like(p).DetachFromDisposeScope();
            secondMoments[name] = zeros_like(p).DetachFromDisposeScope();
        }
    }

    public IReadOnlyList<(string Name, Parameter Param)> Parameters => parameters;
    public IReadOnlyDictionary<string, Tensor> FirstMoments => firstMoments;
    public IReadOnlyDictionary<string, Tensor> SecondMoments => secondMoments;

    public void Step(double learningRate)
    {
        StepCount++;
        double correction1 = 1 - Math.Pow(Beta1, StepCount);
        double correction2 = 1 - Math.Pow(Beta2, StepCount);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach (var (name, p) in parameters)
        {
            var g = p.grad;
            if (g is null) continue;
            var m = firstMoments[name];
            var v = secondMoments[name];
            m.mul_(Beta1).add_(g, alpha: 1 - Beta1);
            v.mul_(Beta2).addcmul_(g, g, value: 1 - Beta2);
            if (p.dim() >= 2 && WeightDecay > 0) p.mul_(1 - learningRate * WeightDecay);
            var denom = (v / correction2).sqrt_().add_(Epsilon);
            p.addcdiv_(m, denom, value: -learningRate / correction1);
        }
    }

    public void ZeroGrad()
    {
        // Each read of .grad makes a new managed handle: the scope disposes them at once.
        using var scope = NewDisposeScope();
        foreach (var (_, p) in parameters) p.grad?.zero_();
    }

    /// <summary>Restores moments and the step count from a checkpoint.</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> first, IReadOnlyDictionary<string, Tensor> second, long steps)
    {
        using var _ = no_grad();
        foreach (var (name, _) in parameters)
        {
            if (first.TryGetValue(name, out var m)) firstMoments[name].copy_(m);
            if (second.TryGetValue(name, out var v)) secondMoments[name].copy_(v);
        }
        StepCount = steps;
    }

    public void Dispose()
    {
        foreach (var t in firstMoments.Values) t.Dispose();
        foreach (var t in secondMoments.Values) t.Dispose();
    }
}
