namespace OrleansSelect.Abstractions;

/// <summary>
/// One node's part of a selection: score these shards of the pool (<see cref="ScoreKey"/> names the
/// scoring job each shard reports progress under) and merge their candidates, with at most
/// <see cref="MaxInFlight"/> shard calls going at once below this node and at most
/// <see cref="FanOut"/> children per node.
/// </summary>
[GenerateSerializer, Alias("OrleansSelect.MergeRequest")]
public sealed record MergeRequest(
    [property: Id(0)] string SelectionId,
    [property: Id(1)] string PoolName,
    [property: Id(2)] IReadOnlyList<int> Shards,
    [property: Id(3)] ShardScoreRequest Score,
    [property: Id(4)] string ScoreKey,
    [property: Id(5)] int FanOut,
    [property: Id(6)] int MaxInFlight);

/// <summary>
/// What a node of the merge tree returns: its shards' merged candidates, best first (enough for the
/// exact global selection, see ShardTopK), and what scoring them cost. <see cref="ReusedFlops"/> is
/// the part of <see cref="ScoringFlops"/> paid earlier by another budget.
/// </summary>
[GenerateSerializer, Alias("OrleansSelect.MergeResult")]
public sealed record MergeResult(
    [property: Id(0)] IReadOnlyList<Candidate> Candidates,
    [property: Id(1)] double ScoringFlops,
    [property: Id(2)] double ReusedFlops,
    [property: Id(3)] int ShardsScored,
    [property: Id(4)] int ShardsFromCache);
