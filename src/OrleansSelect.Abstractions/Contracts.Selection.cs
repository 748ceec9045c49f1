namespace OrleansSelect.Abstractions;

[GenerateSerializer, Alias("OrleansSelect.ExampleView")]
public sealed record ExampleView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Prompt,
    [property: Id(2)] string Response,
    [property: Id(3)] string Source,
    [property: Id(4)] string Task);

/// <summary>
/// What to select. <see cref="MethodSettings"/> holds the settings given to the method (gradient's
/// warmup and projection) as canonical "name=value;..." text, "" for its defaults (Core's MethodSettings reads it).
/// </summary>
[GenerateSerializer, Alias("OrleansSelect.SelectionRequest")]
public sealed record SelectionRequest(
    [property: Id(0)] string PoolName,
    [property: Id(1)] string Method,
    [property: Id(2)] string TargetDirectory,
    [property: Id(3)] SelectionTarget Target,
    [property: Id(4)] int Seed,
    [property: Id(5)] string BudgetName,
    [property: Id(6)] string Selector,
    [property: Id(7)] string TokenizerSize,
    [property: Id(8)] string Embedder = "minilm",
    [property: Id(9)] bool Amortise = false,
    [property: Id(10)] string MethodSettings = "");

/// <summary>
/// The persisted outcome of a selection: which examples, in rank order (or, when
/// <see cref="InTrainingOrder"/>, in the order the method wants them trained in, which the trainer
/// then keeps), and what choosing them cost. The examples themselves are in the selection's
/// <see cref="File"/>, read part by part through <see cref="ISelectionGrain.GetPart"/>: a manifest stays
/// a few hundred bytes however many examples were selected.
/// <see cref="SelectionFlops"/> is the cost of every score and artifact it used; <see cref="ReusedFlops"/>
/// is the part computed earlier for another budget, charged to this one as a reused line unless the
/// request amortised it (then it is shared, uncharged here, and <see cref="ChargedFlops"/> leaves it out).
/// <see cref="ScoringTime"/> is the wall time of the shards' scoring fan-out, <see cref="MergeTime"/> that of
/// merging their candidates into the global top (both zero in manifests written before they were measured).
/// </summary>
[GenerateSerializer, Alias("OrleansSelect.SelectionManifest")]
public sealed record SelectionManifest(
    [property: Id(0)] string SelectionId,
    [property: Id(1)] SelectionRequest Request,
    [property: Id(14)] SelectionFileView File,
    [property: Id(15)] int SelectedCount,
    [property: Id(3)] long SelectedTokens,
    [property: Id(4)] int PoolExampleCount,
    [property: Id(5)] double SelectionFlops,
    [property: Id(6)] int ShardsScored,
    [property: Id(7)] int ShardsFromCache,
    [property: Id(8)] TimeSpan WallTime,
    [property: Id(9)] PreparedArtifactView? Prepared = null,
    [property: Id(10)] double ReusedFlops = 0.0,
    [property: Id(11)] bool InTrainingOrder = false,
    [property: Id(12)] TimeSpan ScoringTime = default,
    [property: Id(13)] TimeSpan MergeTime = default)
{
    /// <summary>What this selection's budget was charged for it.</summary>
    public double ChargedFlops => Request.Amortise ? SelectionFlops - ReusedFlops : SelectionFlops;
}

/// <summary>
/// Where a selection's examples are: the index of its selection file (relative to the models folder,
/// with the SHA-256 it must have) and how many parts it lists.
/// </summary>
[GenerateSerializer, Alias("OrleansSelect.SelectionFileView")]
public sealed record SelectionFileView(
    [property: Id(0)] string IndexPath,
    [property: Id(1)] string IndexSha256,
    [property: Id(2)] int Parts);

/// <summary>One selected example: its score, training tokens and shard, and its 1-based rank (best first).</summary>
[GenerateSerializer, Alias("OrleansSelect.SelectedCandidate")]
public sealed record SelectedCandidate(
    [property: Id(0)] string ExampleId,
    [property: Id(1)] double Score,
    [property: Id(2)] long Tokens,
    [property: Id(3)] int Shard,
    [property: Id(4)] int Rank);

/// <summary>How far a long job has got, for progress bars; readable while the job runs.</summary>
[GenerateSerializer, Alias("OrleansSelect.JobProgress")]
public sealed record JobProgress(
    [property: Id(0)] string Phase,
    [property: Id(1)] double Done,
    [property: Id(2)] double Total,
    [property: Id(3)] string Detail)
{
    /// <summary>The phase of an activation that has not been asked to run its job (or lost it with its silo).</summary>
    public const string NotStarted = "waiting";

    public static JobProgress Waiting { get; } = new(NotStarted, 0, 1, "");
}
