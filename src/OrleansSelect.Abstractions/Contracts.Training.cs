namespace OrleansSelect.Abstractions;

[GenerateSerializer, Alias("OrleansSelect.TrainingRequest")]
public sealed record TrainingRequest(
    [property: Id(0)] string SelectionId,
    [property: Id(1)] string SizeName,
    [property: Id(2)] string? BaseCheckpointPath,
    [property: Id(3)] string TargetDirectory,
    [property: Id(4)] string BudgetName,
    [property: Id(5)] double MaxTrainFlops,
    [property: Id(6)] int Epochs,
    [property: Id(7)] int Seed);

/// <summary>
/// The persisted outcome of one training run: what it cost and how well the model does on the
/// target. Accuracy is calibrated label scoring; RawAccuracy compares the labels' likelihoods as they are.
/// TrainTokens and TrainFlops are what the attempt that finished computed and was charged: from
/// step <see cref="ResumedAtStep"/> on when it resumed an interrupted attempt from its checkpoint
/// (the interrupted attempts' charges are in the ledger under their own operation ids).
/// </summary>
[GenerateSerializer, Alias("OrleansSelect.TrainingResult")]
public sealed record TrainingResult(
    [property: Id(0)] string RunId,
    [property: Id(1)] TrainingRequest Request,
    [property: Id(2)] long TrainTokens,
    [property: Id(3)] int Steps,
    [property: Id(4)] double TrainFlops,
    [property: Id(5)] double EvalFlops,
    [property: Id(6)] double FinalLoss,
    [property: Id(7)] double Accuracy,
    [property: Id(8)] double BitsPerByte,
    [property: Id(9)] TimeSpan WallTime,
    [property: Id(10)] double RawAccuracy,
    [property: Id(11)] int ResumedAtStep = 0);
