using OrleansSelect.Abstractions;

namespace OrleansSelect.Silo.Sweeps;

public sealed class SweepRunState
{
    public SweepRunRecord? Record { get; set; }
}
