using Orleans.Concurrency;

namespace OrleansSelect.Abstractions;

/// <summary>
/// One inner node of a selection's merge tree (keyed "selection/first-last shard"): scores its run
/// of shards, itself or through child nodes, and returns their merged candidates. It keeps no state:
/// the shards persist their scores, so a node lost with its silo is run again elsewhere and finds
/// them scored.
/// </summary>
public interface IMergeGrain : IGrainWithStringKey
{
    Task<MergeResult> Run(MergeRequest request);

    /// <summary>Shards scored so far below this node; polled while it runs (see JobPolling).</summary>
    [AlwaysInterleave, ResponseTimeout("00:00:10")]
    Task<JobProgress> GetProgress();
}
