namespace OrleansSelect.Models;

/// <summary>Numeric precision of model compute.</summary>
public enum Precision
{
    /// <summary>bf16 mixed precision where the hardware runs it fast, fp32 elsewhere.</summary>
    Auto,
    /// <summary>Everything in fp32.</summary>
    Fp32,
    /// <summary>Matmuls in bf16, fp32 master weights, optimizer state, norms and losses (mixed precision).</summary>
    Bf16,
    /// <summary>Weights, optimizer state and matmuls all in bf16.</summary>
    PureBf16,
}
