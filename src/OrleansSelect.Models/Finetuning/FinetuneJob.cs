using OrleansSelect.Core.Data;
using OrleansSelect.Models.Training;

namespace OrleansSelect.Models;

/// <summary>
/// One finetuning run of a target model: which size, from which base checkpoint (null = random
/// init), on which examples (their tokens, by the size's tokenizer, in the order given), evaluated on
/// which target, within which FLOPs.
/// The trailing options have defaults so callers can ignore them: LoRA rank (0 = full finetune),
/// a folder for per-epoch checkpoints, the peak learning rate (null = a default per mode) and the
/// batch size in rows of the model's context length, and whether the loss covers only the responses
/// (instruction tuning as in the paper's finetuning) or the whole text (the default: on this family
/// response-only loss let the prompt modelling decay, bits per byte of the test texts went from 2.7 to
/// 7+ on "nano", and bits per byte is the smooth metric the sweeps need), and the loss weight of
/// response tokens against prompt tokens (above 1 so the label, a token or two of each example, is
/// what the finetune learns; see <see cref="TargetFinetuner.DefaultResponseLossWeight"/>), whether
/// the examples are trained in the order given every epoch (a selection's curriculum) instead of
/// reshuffled, and where the run keeps its resume checkpoint (and which one it resumes from).
/// </summary>
public sealed record FinetuneJob(
    string SizeName,
    string? BaseCheckpointPath,
    TrainingTokens Train,
    TargetTask Target,
    double MaxTrainFlops,
    int Epochs,
    int Seed,
    ComputeOptions Compute,
    int LoraRank = 0,
    string? CheckpointDirectory = null,
    double? LearningRate = null,
    int BatchSize = TargetFinetuner.DefaultBatchSize,
    bool ResponseOnlyLoss = false,
    double ResponseLossWeight = TargetFinetuner.DefaultResponseLossWeight,
    RunCheckpointing? Checkpointing = null,
    bool KeepOrder = false);
