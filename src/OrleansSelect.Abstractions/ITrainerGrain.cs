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

    /// <summary>
    /// Charges any attempt that a crash interrupted (its spend ceiling) so the budget shows what is
    /// really left; call it before planning how much a resumed run may spend. Idempotent.
    /// </summary>
    Task Recover();

    /// <summary>Polled while the job runs (see JobPolling): answers within seconds or not at all.</summary>
    [AlwaysInterleave, ResponseTimeout("00:00:10")]
    Task<JobProgress> GetProgress();
}
