namespace OrleansSelect.Abstractions;

/// <summary>
/// What a shard collects global statistics for: the method (its embedder and settings), and the target by
/// folder and by content hash (a shard refuses a target whose files changed since the job began).
/// </summary>
[GenerateSerializer, Alias("OrleansSelect.ShardStatisticsRequest")]
public sealed record ShardStatisticsRequest(
    [property: Id(0)] string Method,
    [property: Id(1)] string Embedder,
    [property: Id(2)] string TargetDirectory,
    [property: Id(3)] string TargetContentHash,
    [property: Id(4)] string MethodSettings = "");

/// <summary>A method's prepared artifact: the file every shard reads, and the SHA-256 of its bytes that names it.</summary>
[GenerateSerializer, Alias("OrleansSelect.PreparedArtifactView")]
public sealed record PreparedArtifactView(
    [property: Id(0)] string Path,
    [property: Id(1)] string ContentHash);

/// <summary>The selector a model-based method scores with: its size, its checkpoint file and the SHA-256 of that file.</summary>
[GenerateSerializer, Alias("OrleansSelect.SelectorCheckpointView")]
public sealed record SelectorCheckpointView(
    [property: Id(0)] string Size,
    [property: Id(1)] string Path,
    [property: Id(2)] string ContentHash);

/// <summary>A selection is either a fraction of the pool's examples or a number of training tokens.</summary>
[GenerateSerializer, Alias("OrleansSelect.SelectionTarget")]
public sealed record SelectionTarget(
    [property: Id(0)] double? Fraction,
    [property: Id(1)] long? MaxTokens);

/// <summary>Everything a shard needs to score itself for one selection job.</summary>
[GenerateSerializer, Alias("OrleansSelect.ShardScoreRequest")]
public sealed record ShardScoreRequest(
    [property: Id(0)] string Method,
    [property: Id(1)] string Selector,
    [property: Id(2)] string TargetDirectory,
    [property: Id(3)] int Seed,
    [property: Id(4)] string BudgetName,
    [property: Id(5)] string? GlobalStatistics,
    [property: Id(6)] SelectionTarget Target,
    [property: Id(7)] int PoolExampleCount,
    [property: Id(8)] string TokenizerSize,
    [property: Id(9)] string Embedder,
    [property: Id(10)] string TargetContentHash,
    [property: Id(11)] PreparedArtifactView? Prepared,
    [property: Id(12)] SelectorCheckpointView? SelectorCheckpoint = null,
    [property: Id(13)] string MethodSettings = "");

[GenerateSerializer, Alias("OrleansSelect.Candidate")]
public sealed record Candidate(
    [property: Id(0)] string ExampleId,
    [property: Id(1)] double Score,
    [property: Id(2)] long Tokens,
    [property: Id(3)] int Shard);

/// <summary>A shard's local best candidates, best first, what its scores cost, and the budget that paid when they were computed.</summary>
[GenerateSerializer, Alias("OrleansSelect.ShardScoreResult")]
public sealed record ShardScoreResult(
    [property: Id(0)] int Shard,
    [property: Id(1)] IReadOnlyList<Candidate> Candidates,
    [property: Id(2)] double ScoringFlops,
    [property: Id(3)] bool FromCache,
    [property: Id(4)] string ChargedBudget = "");
