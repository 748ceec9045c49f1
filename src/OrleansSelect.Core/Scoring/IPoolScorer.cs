using OrleansSelect.Core.Data;

namespace OrleansSelect.Core.Scoring;

/// <summary>
/// A selection method that scores pool examples against a target (higher = select first).
/// Scoring is two-phase so it can run on shards: every shard calls <see cref="CollectStatistics"/>,
/// the job sums them with <see cref="CorpusStatistics.Sum"/>, and every shard calls
/// <see cref="Score"/> with the sum. A score depends only on the example, the target, the global
/// statistics and the seed, never on which shard the example is in.
/// Adding a method = one class implementing this + one line in <see cref="ScorerRegistry"/>.
/// </summary>
public interface IPoolScorer
{
    /// <summary>The method's name as users type it ("random", "bm25").</summary>
    string Method { get; }

    /// <summary>False when <see cref="Score"/> ignores the global statistics, so the job can skip phase one.</summary>
    bool NeedsCorpusStatistics { get; }

    CorpusStatistics CollectStatistics(IEnumerable<PoolExample> shard, TargetTask target);

    /// <summary>One score per example of <paramref name="shard"/>, in the same order.</summary>
    IReadOnlyList<double> Score(IReadOnlyList<PoolExample> shard, TargetTask target, CorpusStatistics? global, int seed);

    /// <summary>The FLOPs that scoring a pool of this size costs, charged to the selection budget.</summary>
    double EstimateFlops(long poolExamples, long poolTokens, TargetTask target);
}
