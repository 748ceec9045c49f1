using Orleans.Concurrency;

namespace OrleansSelect.Abstractions;

/// <summary>
/// One training run (keyed by its id): finetunes the target model on a selection within the FLOPs
/// it reserved, evaluates on the target's test set, persists the result.
/// </summary>
public interface ITrainerGrain : IGrainWithStringKey
{
    Task<TrainingResult> Train(TrainingRequest request);

    Task<TrainingResult?> GetResult();

    [AlwaysInterleave]
    Task<JobProgress> GetProgress();
}
