using OrleansSelect.Core.Data;

namespace OrleansSelect.Models;

/// <summary>
/// One finetuning run of a target model: which size, from which base checkpoint (null = random
/// init), on which examples (trained on their Text), evaluated on which target, within which FLOPs.
/// The trailing options have defaults so callers can ignore them: LoRA rank (0 = full finetune),
/// a folder for per-epoch checkpoints, the peak learning rate (null = a default per mode) and the
/// batch size in rows of the model's context length, and whether the loss covers only the responses
/// (instruction tuning, the default, as the paper's finetuning does) or the whole text.
/// </summary>
public sealed record FinetuneJob(
    string SizeName,
    string? BaseCheckpointPath,
    IReadOnlyList<PoolExample> TrainExamples,
    TargetTask Target,
    double MaxTrainFlops,
    int Epochs,
    int Seed,
    ComputeOptions Compute,
    int LoraRank = 0,
    string? CheckpointDirectory = null,
    double? LearningRate = null,
    int BatchSize = 8,
    bool ResponseOnlyLoss = true);
