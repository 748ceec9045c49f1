using OrleansSelect.Core.Data;

namespace OrleansSelect.Core.Scoring;

/// <summary>
/// What prepare runs with: a folder of its own that survives a crash (a method that trains writes
/// its checkpoints there and resumes from the last one), a sink for the FLOPs done so far (the
/// spend ceiling of its reservation follows it), the silo's cancellation, and the selector for a
/// method that has one, and the seeded pool sample for a method with a <see cref="ISelectionMethod.PoolSampleFraction"/>.
/// </summary>
public sealed record PrepareContext(
    string WorkDirectory, IProgress<double> FlopsDone, CancellationToken Cancellation, SelectorModel? Selector = null,
    IReadOnlyList<PoolExample>? PoolSample = null);
