using Orleans.Concurrency;

namespace OrleansSelect.Abstractions;

/// <summary>
/// One shard of a pool (keyed "pool/index"). Scores its examples for a (method settings, selector,
/// target content, and seed for a method that uses one) at most once: the scores are persisted, and a repeat request returns them without
/// recomputing or charging the budget again.
/// </summary>
public interface IShardGrain : IGrainWithStringKey
{
    /// <summary>Gives the shard its byte range; called by the pool grain before it records the pool, and again by a repeated ingest.</summary>
    Task Assign(ShardDescriptor descriptor);

    Task<ShardDescriptor?> GetDescriptor();

    /// <summary>This shard's part of the method's global statistics, serialised by the method (kept, so asked again it is not recounted).</summary>
    Task<string> CollectStatistics(ShardStatisticsRequest request);

    /// <summary>The shard's tokens under a model size's tokenizer (counted once, then kept).</summary>
    Task<long> CountTokens(string tokenizerSize);

    Task<ShardScoreResult> Score(ShardScoreRequest request);

    /// <summary>This shard's part of a method's seeded pool sample (each example in it with probability <paramref name="fraction"/>), in file order.</summary>
    Task<IReadOnlyList<ExampleView>> Sample(double fraction, int seed);

    /// <summary>
    /// Whether this activation has taken up the job with this key (a score or statistics key), or is
    /// busy with another one ahead of it, so a caller can tell a slow or queued call from one lost
    /// with its silo. Answers within seconds or not at all.
    /// </summary>
    [AlwaysInterleave, ResponseTimeout("00:00:10")]
    Task<JobProgress> GetProgress(string jobKey);

    /// <summary>Reads the examples with these ids from the shard's file, in the order given.</summary>
    Task<IReadOnlyList<ExampleView>> Fetch(IReadOnlyList<string> exampleIds);
}
