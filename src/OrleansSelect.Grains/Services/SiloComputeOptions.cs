using OrleansSelect.Core;
using OrleansSelect.Models;

namespace OrleansSelect.Grains.Services;

/// <summary>How this silo computes: device and precision for torch work, and how many cores it may use.</summary>
public sealed class SiloComputeOptions
{
    public string Device { get; set; } = "cpu";

    public Precision Precision { get; set; } = Precision.Auto;

    /// <summary>Cores this silo may use; torch threads × concurrent work never exceed it.</summary>
    public int Cores { get; set; } = Environment.ProcessorCount;

    /// <summary>Where methods' prepared artifacts and checkpoints live (on the shared volume in cluster mode).</summary>
    public string ModelDirectory { get; set; } = AppPaths.DefaultModelDirectory;

    /// <summary>One heavy job at a time gets every core: torch parallelises within the job.</summary>
    public ComputeOptions ForTorch() => new(Device, Precision, Math.Max(1, Cores));
}
