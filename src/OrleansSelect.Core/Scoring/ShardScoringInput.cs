using OrleansSelect.Core.Data;

namespace OrleansSelect.Core.Scoring;

/// <summary>Everything one shard scores with; <see cref="EstimatedFlops"/> is what was reserved for it.</summary>
public sealed record ShardScoringInput(
    IReadOnlyList<PoolExample> Examples,
    TargetTask Target,
    PreparedArtifact? Prepared,
    string? GlobalStatistics,
    int Seed,
    double EstimatedFlops,
    SelectorModel? Selector = null);

/// <summary>Prepare's output as persisted, with the SHA-256 of its bytes that names it.</summary>
public sealed record PreparedArtifact(byte[] Content, string ContentHash)
{
    public static PreparedArtifact Of(byte[] content) => new(content, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)));
}
