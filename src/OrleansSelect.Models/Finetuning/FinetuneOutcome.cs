namespace OrleansSelect.Models;

/// <summary>What a finetuning run cost and achieved. Accuracy is NaN for a target without labels.</summary>
public sealed record FinetuneOutcome(long TrainTokens, int Steps, double TrainFlops, double EvalFlops,
    double FinalLoss, double Accuracy, double BitsPerByte, TimeSpan WallTime);
