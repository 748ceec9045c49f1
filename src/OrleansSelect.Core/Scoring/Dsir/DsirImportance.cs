namespace OrleansSelect.Core.Scoring.Dsir;

/// <summary>
/// DSIR's importance weights (Xie et al., 2023): fit a bag of hashed n-grams to the target's
/// reference examples and to the pool, and weigh an example by how much likelier its features
/// are under the target: log w(x) = Σ over x's features f (log p_target(f) − log p_pool(f)), a
/// feature counted as often as it occurs.
/// Smoothing: add-α on both distributions, p(b) = (c_b + α) / (total + α·buckets), with a small
/// α = <see cref="DefaultPseudoCount"/>. The reference code (p-lambda/dsir) adds 1e-8 inside each
/// log (and an optional target pseudo-count, 0 by default), so a bucket the reference examples
/// never hit gets a log-ratio near −18 − log p_pool: one unseen n-gram outweighs many matching
/// ones. Add-one is the opposite extreme: over 10,000 buckets it adds 10,000 pseudo-counts, more
/// than a few hundred short reference examples hold, and the target flattens towards uniform
/// (a test with two reference sentences then ranks off-target text first). α = 0.01 adds 100
/// counts in all: every log stays finite, and a target of realistic size outweighs its smoothing.
/// Smoothing the pool too keeps a bucket absent from the pool finite.
/// </summary>
public sealed class DsirImportance
{
    public const double DefaultPseudoCount = 0.01;

    private readonly double[] _logRatio;

    public DsirImportance(NgramCounts target, NgramCounts pool, double pseudoCount = DefaultPseudoCount)
    {
        if (target.Buckets != pool.Buckets)
            throw new ArgumentException($"the target has {target.Buckets} buckets and the pool {pool.Buckets}.", nameof(pool));
        if (!(pseudoCount > 0))
            throw new ArgumentOutOfRangeException(nameof(pseudoCount), pseudoCount, "smoothing needs a positive pseudo-count.");
        PseudoCount = pseudoCount;
        _logRatio = new double[target.Buckets];
        var targetDenominator = target.Total + pseudoCount * target.Buckets;
        var poolDenominator = pool.Total + pseudoCount * pool.Buckets;
        for (var b = 0; b < _logRatio.Length; b++)
            _logRatio[b] = Math.Log((target.Counts[b] + pseudoCount) / targetDenominator)
                - Math.Log((pool.Counts[b] + pseudoCount) / poolDenominator);
    }

    public double PseudoCount { get; }

    public int Buckets => _logRatio.Length;

    /// <summary>log p_target(b) − log p_pool(b) of one bucket.</summary>
    public double LogRatio(int bucket) => _logRatio[bucket];

    /// <summary>An example's log importance weight: the sum of its features' log-ratios.</summary>
    public double LogWeight(string text)
    {
        var sum = 0.0;
        HashedNgrams.ForEachFeature(text, Buckets, bucket => sum += _logRatio[bucket]);
        return sum;
    }
}
