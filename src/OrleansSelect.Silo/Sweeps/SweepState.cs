namespace OrleansSelect.Silo.Sweeps;

/// <summary>A sweep's spec and nothing that grows: each run's outcome lives in its own run grain.</summary>
public sealed class SweepState
{
    public string? SpecJson { get; set; }
}
