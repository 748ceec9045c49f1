namespace OrleansSelect.Abstractions;

/// <summary>
/// One sweep run's settings, as the sweep grain hands them to the run's grain (keyed <see cref="RunKey"/>).
/// Exactly one of <see cref="Fraction"/> (of the pool's examples) and <see cref="MaxTokens"/> (top-ranked
/// training tokens) sizes its data; MaxTokens comes last so records stored before it existed read back equal.
/// </summary>
[GenerateSerializer, Alias("OrleansSelect.SweepRunRequest")]
public sealed record SweepRunRequest(
    [property: Id(0)] string RunKey,
    [property: Id(1)] string PoolName,
    [property: Id(2)] string TargetDirectory,
    [property: Id(3)] string Method,
    [property: Id(4)] string Selector,
    [property: Id(5)] string TrainingSize,
    [property: Id(6)] double? Fraction,
    [property: Id(7)] int Seed,
    [property: Id(8)] double BudgetFlops,
    [property: Id(9)] int Epochs,
    [property: Id(10)] string? BaseCheckpointPath,
    [property: Id(11)] long? MaxTokens = null);

/// <summary>
/// A finished sweep run: what it selected and trained, what each phase cost (selection counted from
/// its own cost even when its scores were shared with an earlier run), what its budget was actually
/// charged, and the trained model's scores.
/// </summary>
[GenerateSerializer, Alias("OrleansSelect.SweepRunRecord")]
public sealed record SweepRunRecord(
    [property: Id(0)] SweepRunRequest Request,
    [property: Id(1)] string TargetName,
    [property: Id(2)] long PoolTokens,
    [property: Id(3)] long Tokens,
    [property: Id(4)] double SelectionFlops,
    [property: Id(5)] double TrainingFlops,
    [property: Id(6)] double EvaluationFlops,
    [property: Id(7)] double ChargedFlops,
    [property: Id(8)] double Accuracy,
    [property: Id(9)] double RawAccuracy,
    [property: Id(10)] double BitsPerByte,
    [property: Id(11)] double WallSeconds);

/// <summary>Where a sweep stands (see OrleansSelect.Core.Sweeps.SweepProgress for the arithmetic).</summary>
[GenerateSerializer, Alias("OrleansSelect.SweepStatusView")]
public sealed record SweepStatusView(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Exists,
    [property: Id(2)] bool Running,
    [property: Id(3)] long Total,
    [property: Id(4)] long Done,
    [property: Id(5)] long InFlight,
    [property: Id(6)] long Failed,
    [property: Id(7)] double ChargedFlops,
    [property: Id(8)] long FinishedHere,
    [property: Id(9)] TimeSpan Elapsed,
    [property: Id(10)] IReadOnlyList<string> Errors);
