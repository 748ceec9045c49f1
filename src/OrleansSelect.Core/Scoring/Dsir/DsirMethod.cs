using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;

namespace OrleansSelect.Core.Scoring.Dsir;

/// <summary>
/// DSIR on the method seam: prepare counts the reference examples' hashed n-grams (the target
/// distribution), every shard counts its own examples (summed, they are the pool distribution),
/// and an example's score is its log importance weight plus seeded Gumbel noise, so the top k
/// is DSIR's resampling without replacement.
/// </summary>
public sealed class DsirMethod : SelectionMethod<NgramCounts, NgramCounts>
{
    public DsirMethod(int buckets = HashedNgrams.DefaultBuckets)
    {
        if (buckets < 1)
            throw new UserInputException($"dsir needs at least 1 hash bucket, got {buckets}.");
        Buckets = buckets;
    }

    public int Buckets { get; }

    public override string Name => "dsir";

    public override string Description =>
        $"importance weights of hashed unigrams and bigrams ({Buckets:N0} buckets, add-{DsirImportance.DefaultPseudoCount} smoothing), resampled with seeded Gumbel noise";

    public override string Settings => $"buckets={Buckets};alpha={DsirImportance.DefaultPseudoCount:R}";

    /// <summary>The Gumbel noise of the resampling is seeded.</summary>
    public override bool UsesSeed => true;

    public override bool NeedsPrepare => true;

    public override bool NeedsGlobalStatistics => true;

    public override double EstimatePrepareFlops(TargetTask target, long referenceTokens, SelectorModel? selector) => FlopModel.DsirFlops(referenceTokens);

    protected override NgramCounts PrepareArtifact(TargetTask target, PrepareContext context)
    {
        if (target.Reference.Count == 0)
            throw new UserInputException($"target '{target.Name}' has no reference examples; dsir fits its target distribution to them.");
        return NgramCounts.Of(target.Reference.Select(r => r.Text), Buckets);
    }

    protected override NgramCounts Collect(IReadOnlyList<PoolExample> shard, TargetTask target, CancellationToken cancellation) =>
        NgramCounts.Of(shard.Select(e => e.Text), Buckets);

    /// <summary>Both passes over the pool (counting, then weighting) are in <see cref="FlopModel.DsirOpsPerToken"/>.</summary>
    public override double EstimateScoringFlops(ScoringWorkload workload, TargetTask target) => FlopModel.DsirFlops(workload.SelectorTokens);

    protected override IReadOnlyList<double> Score(
        IReadOnlyList<PoolExample> shard, TargetTask target, NgramCounts? artifact, NgramCounts? global, int seed,
        SelectorModel? selector, ScoringProgress progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(artifact, "the target distribution (dsir's prepared artifact)");
        ArgumentNullException.ThrowIfNull(global, "the pool distribution (the sum of every shard's counts)");
        var importance = new DsirImportance(artifact, global);
        var scores = new double[shard.Count];
        for (var i = 0; i < shard.Count; i++)
        {
            scores[i] = GumbelKeys.Key(importance.LogWeight(shard[i].Text), seed, shard[i].Id);
            progress.ExamplesDone(i + 1);
            if ((i & 1023) == 0)
                cancellation.ThrowIfCancellationRequested();
        }
        return scores;
    }
}
