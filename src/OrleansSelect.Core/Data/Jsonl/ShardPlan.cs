namespace OrleansSelect.Core.Data.Jsonl;

/// <summary>
/// One shard of a pool file as ingest cut it: the byte range [Start, End), its example count, its
/// estimated tokens (<see cref="TokenEstimate"/>, what the cut was sized by), and the SHA-256 of its
/// records (see <see cref="ShardHasher"/>), so a later read can tell the file changed.
/// </summary>
public sealed record ShardPlan(long Start, long End, int Count, long EstimatedTokens, string Sha256);
