namespace OrleansSelect.Models;

/// <summary>What the processor offers that changes how we compute.</summary>
public static class HardwareFeatures
{
    private static readonly Lazy<bool> Avx512Bf16 = new(() =>
    {
        // libtorch's bf16 CPU matmul is only fast with native bf16 dot products (AVX512_BF16).
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo)) return false;
        foreach (var line in File.ReadLines(cpuinfo))
        {
            if (line.StartsWith("flags", StringComparison.Ordinal))
                return line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("avx512_bf16");
        }
        return false;
    });

    public static bool CpuHasAvx512Bf16 => Avx512Bf16.Value;
}
