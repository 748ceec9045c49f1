using OrleansSelect.Abstractions;

namespace OrleansSelect.Grains.Selection;

public sealed class SelectionState
{
    public SelectionManifest? Manifest { get; set; }

    /// <summary>Prepare attempts started; see AttemptCharging.</summary>
    public int PrepareAttempts { get; set; }

    /// <summary>FLOPs reserved by the latest prepare attempt: committed once its artifact is on disk, even after a crash between the two.</summary>
    public double PrepareFlops { get; set; }

    /// <summary>Prepare's cost when its artifact was made earlier for another budget (charged as reused).</summary>
    public double ReusedPrepareFlops { get; set; }
}
