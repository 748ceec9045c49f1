namespace OrleansSelect.Models;

/// <summary>
/// Where and how tensors are computed: a torch device name ("cpu", "cuda", "cuda:1"), the
/// precision, and the number of intra-op threads (0 = leave libtorch's default).
/// </summary>
public sealed record ComputeOptions(string Device = "cpu", Precision Precision = Precision.Auto, int Threads = 0)
{
    /// <summary>The precision actually used: Auto becomes Bf16 on CUDA or on CPUs with AVX512_BF16, else Fp32.</summary>
    public Precision ResolvedPrecision => Precision != Precision.Auto
        ? Precision
        : Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase) || HardwareFeatures.CpuHasAvx512Bf16
            ? Precision.Bf16
            : Precision.Fp32;
}
