using Orleans.Concurrency;

namespace OrleansSelect.Abstractions;

/// <summary>
/// One run of a sweep (keyed by its run key): selects and trains through the experiment loop, with
/// selection, trainer and budget ids derived from the key, and persists its record. Run again when
/// finished, it returns the record; interrupted, it resumes (scored shards and charges are kept).
/// </summary>
public interface ISweepRunGrain : IGrainWithStringKey
{
    Task<SweepRunRecord> Run(SweepRunRequest request);

    Task<SweepRunRecord?> GetRecord();

    [AlwaysInterleave]
    Task<JobProgress> GetProgress();
}
