using OrleansSelect.Models.Training;
using static TorchSharp.torch;

namespace OrleansSelect.Models.Gradient;

/// <summary>
/// LESS's Adam-preconditioned gradient: the update direction Adam would take from a checkpoint's
/// moments after one more step on this gradient, m'/√(v' + ε) with m' = β₁m + (1−β₁)g and
/// v' = β₂v + (1−β₂)g². The betas are the ones the warmup trained with (our AdamW's), so the
/// moments and the step agree; LESS hard-codes β₂ = 0.999 because its warmup used it.
/// </summary>
public sealed class AdamPreconditioner : IDisposable
{
    private readonly Tensor _first;
    private readonly Tensor _second;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _epsilon;

    /// <summary>The moments of <paramref name="adapterNames"/>, flattened in that order (the order gradients are flattened in).</summary>
    public AdamPreconditioner(AdamW optimizer, IReadOnlyList<string> adapterNames)
    {
        _first = cat(adapterNames.Select(n => optimizer.FirstMoments[n].detach().to(ScalarType.Float32).reshape(-1)).ToArray()).DetachFromDisposeScope();
        _second = cat(adapterNames.Select(n => optimizer.SecondMoments[n].detach().to(ScalarType.Float32).reshape(-1)).ToArray()).DetachFromDisposeScope();
        _beta1 = optimizer.Beta1;
        _beta2 = optimizer.Beta2;
        _epsilon = optimizer.Epsilon;
    }

    public Tensor Apply(Tensor gradient)
    {
        using var scope = NewDisposeScope();
        var first = _first * _beta1 + gradient * (1 - _beta1);
        var second = _second * _beta2 + gradient.square() * (1 - _beta2);
        return (first / (second + _epsilon).sqrt()).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }
}
