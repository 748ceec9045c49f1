namespace OrleansSelect.Core.Scoring;

/// <summary>
/// Reports a shard scoring's FLOPs done, so the budget's spend ceiling follows the work and an
/// interrupted attempt is charged what it did, not its whole reservation. A method whose work is
/// even per example reports <see cref="ExamplesDone"/>; one that counts its own work reports FLOPs.
/// </summary>
public sealed class ScoringProgress(IProgress<double> flopsDone, double estimatedFlops, int examples)
{
    /// <summary>How many examples pass between reports of a per-example method.</summary>
    public const int ReportEvery = 1024;

    public void FlopsDone(double flops) => flopsDone.Report(Math.Min(flops, estimatedFlops));

    /// <summary>The estimate's share for <paramref name="done"/> of the shard's examples.</summary>
    public void ExamplesDone(int done)
    {
        if (done % ReportEvery == 0 || done == examples)
            FlopsDone(examples == 0 ? estimatedFlops : estimatedFlops * done / examples);
    }
}
