namespace OrleansSelect.Models;

/// <summary>
/// What a finetuning run cost and achieved. Accuracy is the calibrated label-likelihood accuracy
/// (see <see cref="Evaluation.LabelCalibration"/>), RawAccuracy the uncalibrated one; both NaN for a
/// target without labels. FinalLoss is the training loss as weighted by the job's loss weights.
/// TrainTokens and TrainFlops count the steps this run computed: from <see cref="ResumedAtStep"/> on
/// when it resumed from a checkpoint.
/// </summary>
public sealed record FinetuneOutcome(long TrainTokens, int Steps, double TrainFlops, double EvalFlops,
    double FinalLoss, double Accuracy, double BitsPerByte, TimeSpan WallTime, double RawAccuracy = double.NaN, int ResumedAtStep = 0);
