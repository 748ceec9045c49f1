using Orleans.Concurrency;

namespace OrleansSelect.Abstractions;

/// <summary>
/// One sweep (keyed by its name): fans its runs out over the cluster, a bounded number at a time,
/// each run in its own <see cref="ISweepRunGrain"/> that persists its result. Its own state is the
/// spec alone, so it does not grow with finished runs; run again after a crash or a restart, it
/// skips the runs that are done and runs the rest.
/// </summary>
public interface ISweepGrain : IGrainWithStringKey
{
    /// <summary>Runs the sweep given as spec JSON (SweepSpecFile.ToJson) to its end; a different spec under the same name is refused.</summary>
    Task<SweepStatusView> Run(string specJson);

    /// <summary>Runs done, running and left: live while the sweep runs here, otherwise read from the runs' grains.</summary>
    [AlwaysInterleave]
    Task<SweepStatusView> GetStatus();

    /// <summary>The same, as a job's progress (for the progress display and for noticing a lost activation).</summary>
    [AlwaysInterleave]
    Task<JobProgress> GetProgress();

    /// <summary>Every finished run, in grid order.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<SweepRunRecord>> GetResults();
}
