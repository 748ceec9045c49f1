using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using OrleansSelect.Core.Data;

namespace OrleansSelect.Core.Scoring;

/// <summary>
/// Uniform random selection: each example's score is a uniform number in [0, 1) derived from
/// SHA-256 of (seed, example id), so the top-k by score is a uniform sample without replacement
/// that is the same on any sharding, on any machine, on every rerun.
/// </summary>
public sealed class RandomScorer : SelectionMethod<NoArtifact, NoStatistics>
{
    public override string Name => "random";

    public override string Description => "a uniform sample without replacement, seeded by --seed (no settings)";

    public override bool UsesSeed => true;

    /// <summary>Hashing is negligible next to any model work, so it is not charged.</summary>
    public override double EstimateScoringFlops(ScoringWorkload workload, TargetTask target) => 0.0;

    public IReadOnlyList<double> Score(IReadOnlyList<PoolExample> shard, int seed)
    {
        var scores = new double[shard.Count];
        for (var i = 0; i < shard.Count; i++)
            scores[i] = UniformScore(seed, shard[i].Id);
        return scores;
    }

    protected override IReadOnlyList<double> Score(
        IReadOnlyList<PoolExample> shard, TargetTask target, NoArtifact? artifact, NoStatistics? global, int seed,
        SelectorModel? selector, ScoringProgress progress, CancellationToken cancellation) => Score(shard, seed);

    public static double UniformScore(int seed, string exampleId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{exampleId}"), hash);
        // The top 53 bits fill a double's mantissa exactly: uniform on the grid k·2^-53 in [0, 1).
        var bits = BinaryPrimitives.ReadUInt64LittleEndian(hash) >> 11;
        return bits * (1.0 / (1UL << 53));
    }
}
