using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Grains;
using OrleansSelect.Grains.Pool;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Silo.Sweeps;

/// <summary>
/// One sweep run: the experiment loop with the run key as its id and its budget's name, so the
/// selection ("key/select"), the trainer ("key/train") and the budget of a rerun are the same grains
/// and a finished phase is not run or charged again. Persists the run's record when it ends.
/// </summary>
public sealed class SweepRunGrain([PersistentState("sweeprun", StorageNames.Default)] IPersistentState<SweepRunState> state)
    : Grain, ISweepRunGrain
{
    private JobProgress _progress = JobProgress.Waiting;

    public async Task<SweepRunRecord> Run(SweepRunRequest request)
    {
        if (state.State.Record is { } done)
            return done.Request == request ? done
                : throw new UserInputException($"sweep run '{request.RunKey}' already finished with other settings; give the sweep another name");

        var spec = new ExperimentSpec(request.RunKey, request.PoolName, request.TargetDirectory, request.Method, request.RunKey,
            request.BudgetFlops, request.TrainingSize, request.Seed, request.Epochs, request.Fraction, request.BaseCheckpointPath,
            Selector: request.Selector.Length == 0 ? ExperimentSpec.NoSelector : request.Selector, MaxTokens: request.MaxTokens);
        var report = await ExperimentRunner.RunAsync(GrainFactory, spec, (stage, p) => _progress = p with { Phase = $"{stage}: {p.Phase}" });

        var pool = (await GrainFactory.GetGrain<IPoolGrain>(request.PoolName).Get())!;
        var budget = await GrainFactory.GetGrain<IBudgetGrain>(request.RunKey).GetStatus();
        state.State.Record = new SweepRunRecord(request, report.Target,
            await PoolTokens.CountAsync(GrainFactory, pool, request.TrainingSize), report.SelectedTokens,
            report.SelectionFlops, report.TrainingFlops, report.EvaluationFlops, budget.SpentFlops,
            report.Accuracy, report.RawAccuracy, report.BitsPerByte, report.WallSeconds);
        await state.WriteOrDeactivateAsync(this);
        _progress = new JobProgress("done", 1, 1, request.RunKey);
        return state.State.Record;
    }

    public Task<SweepRunRecord?> GetRecord() => Task.FromResult(state.State.Record);

    public Task<JobProgress> GetProgress() => Task.FromResult(_progress);
}
