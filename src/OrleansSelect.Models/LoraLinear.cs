using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OrleansSelect.Models;

/// <summary>
/// A bias-free linear layer with optional LoRA adapters: y = x·Wᵀ + (α/r)·(x·Aᵀ)·Bᵀ.
/// B starts at zero, so adding adapters leaves the model's function unchanged. The weights are
/// cast to <see cref="ComputeType"/> on the fly, which is how mixed precision keeps fp32 master
/// weights while the matmul runs in bf16 (autograd carries gradients back through the cast).
/// </summary>
public sealed class LoraLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? lora_a;
    private readonly Parameter? lora_b;
    private readonly double scale;

    public ScalarType ComputeType { get; set; } = ScalarType.Float32;

    public LoraLinear(string name, int inFeatures, int outFeatures, int rank, double alpha) : base(name)
    {
        weight = new Parameter(empty(outFeatures, inFeatures));
        if (rank > 0)
        {
            lora_a = new Parameter(empty(rank, inFeatures));
            lora_b = new Parameter(zeros(outFeatures, rank));
            scale = alpha / rank;
        }
        RegisterComponents();
        ResetParameters();
    }

    public Parameter Weight => weight;
    public bool HasAdapters => lora_a is not null;

    public void ResetParameters()
    {
        using var _ = no_grad();
        nn.init.normal_(weight, 0.0, 0.02);
        if (lora_a is not null) nn.init.normal_(lora_a, 0.0, 1.0 / Math.Sqrt(lora_a.shape[1]));
        lora_b?.zero_();
    }

    public override Tensor forward(Tensor x)
    {
        var xc = x.to(ComputeType);
        var y = nn.functional.linear(xc, weight.to(ComputeType));
        if (lora_a is null || lora_b is null) return y;
        var adapter = nn.functional.linear(nn.functional.linear(xc, lora_a.to(ComputeType)), lora_b.to(ComputeType));
        return y + adapter * scale;
    }
}
