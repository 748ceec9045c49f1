using System.Diagnostics;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Core.Sweeps;
using OrleansSelect.Grains;
using OrleansSelect.Grains.Catalog;
using OrleansSelect.Grains.Services;

namespace OrleansSelect.Silo.Sweeps;

/// <summary>
/// Coordinates one sweep: walks the grid in order, skips runs whose grain holds a record, and keeps
/// a bounded number of the others in flight (by default three per active silo, so a silo's worker
/// has its next runs queued while one finishes). It keeps counters, never the finished runs.
/// Each lane of runs belongs to one silo, and a run's grains are placed there (a placement hint
/// that flows with the run's calls): Orleans' default placement prefers the caller's silo when the
/// silos look equally loaded, as silos on one host always do, so left alone every run landed on
/// this grain's silo and the others sat idle (`bench sweep`: 68% idle on 3 silos).
/// </summary>
public sealed class SweepGrain([PersistentState("sweep", StorageNames.Default)] IPersistentState<SweepState> state)
    : Grain, ISweepGrain
{
    /// <summary>
    /// Runs in flight per silo. A run spends part of its time off its silo's compute worker (its selection
    /// on the silos that hold the shards, storage writes, the budget), so the others keep the worker fed.
    /// `bench sweep` on 3 silos: 24.7% idle at two per silo, about 15% at three, before a shard's scoring
    /// went ahead of queued trainings; since then 1.9% after start-up at three (docs/performance.md).
    /// </summary>
    public const int RunsPerSilo = 3;
    private const int ErrorsKept = 5;

    private readonly Stopwatch _clock = new();
    private readonly List<string> _errors = [];
    private bool _running;
    private long _total, _done, _inFlight, _failed, _finishedHere;
    private double _charged;

    public async Task<SweepStatusView> Run(string specJson)
    {
        if (state.State.SpecJson is { } stored && stored != specJson)
            throw new UserInputException($"a sweep named '{this.GetPrimaryKeyString()}' already exists with another spec; give this spec another name");
        if (state.State.SpecJson is null)
        {
            state.State.SpecJson = specJson;
            await state.WriteOrDeactivateAsync(this);
        }
        await CatalogRegistration.RegisterAsync(GrainFactory, CatalogKind.Sweep, this.GetPrimaryKeyString());

        var spec = SweepSpecFile.FromJson(specJson);
        var grid = new SweepGrid(spec);
        var silos = await ActiveSilos();
        int lanes = spec.Concurrency ?? RunsPerSilo * silos.Length;
        (_total, _done, _inFlight, _failed, _finishedHere, _charged) = (grid.Count, 0, 0, 0, 0, 0.0);
        _errors.Clear();
        _clock.Restart();
        _running = true;
        try
        {
            double budget = spec.RunBudget(checked((int)grid.Count));
            long next = -1; // the grain's turns run one at a time, so the lanes share it without locks
            async Task Lane(SiloAddress silo)
            {
                for (long i = ++next; i < grid.Count; i = ++next)
                    await RunOne(grid.At(i), budget, spec, silo);
            }
            await Task.WhenAll(Enumerable.Range(0, lanes).Select(lane => Lane(silos[lane % silos.Length])));
        }
        finally
        {
            _running = false;
            _clock.Stop();
        }
        return Live();
    }

    private async Task RunOne(SweepRun run, double budgetFlops, SweepSpec spec, SiloAddress silo)
    {
        // Set in this call's own flow, so it goes with this run's calls only; an active grain stays where it is.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        var grain = GrainFactory.GetGrain<ISweepRunGrain>(run.Key);
        if (await grain.GetRecord() is { } done)
        {
            Finished(done, here: false);
            return;
        }
        _inFlight++;
        try
        {
            Finished(await grain.Run(Request(run, budgetFlops, spec)), here: true);
        }
        catch (Exception e)
        {
            // A failed run is left for the next `sweep run`; the others go on.
            _failed++;
            if (_errors.Count < ErrorsKept)
                _errors.Add($"{run.Key}: {(e as UserInputException ?? e.GetBaseException()).Message}");
        }
        finally
        {
            _inFlight--;
        }
    }

    private void Finished(SweepRunRecord record, bool here)
    {
        _done++;
        _charged += record.ChargedFlops;
        if (here) _finishedHere++;
    }

    public static SweepRunRequest Request(SweepRun run, double budgetFlops, SweepSpec spec) => new(
        run.Key, spec.Pool, run.TargetDirectory, run.Method, run.Selector, run.TrainingSize, run.Fraction, run.Seed,
        budgetFlops, spec.Epochs, spec.BaseCheckpoint, run.Tokens);

    public async Task<SweepStatusView> GetStatus()
    {
        if (_running)
            return Live();
        if (state.State.SpecJson is not { } json)
            return new SweepStatusView(this.GetPrimaryKeyString(), false, false, 0, 0, 0, 0, 0, 0, TimeSpan.Zero, []);
        var records = await GetResults();
        long total = new SweepGrid(SweepSpecFile.FromJson(json)).Count;
        return new SweepStatusView(this.GetPrimaryKeyString(), true, false, total, records.Count, 0, 0,
            records.Sum(r => r.ChargedFlops), 0, TimeSpan.Zero, []);
    }

    public Task<JobProgress> GetProgress()
    {
        // Finished here is not "waiting": a poll that lands between the end and its answer must not look like a lost activation.
        if (!_running && _total == 0)
            return Task.FromResult(JobProgress.Waiting);
        var view = Live();
        return Task.FromResult(new JobProgress(_running ? "running" : "done", view.Done + view.Failed, view.Total, Progress(view).ToString()));
    }

    public async Task<IReadOnlyList<SweepRunRecord>> GetResults()
    {
        if (state.State.SpecJson is not { } json)
            return [];
        var grid = new SweepGrid(SweepSpecFile.FromJson(json));
        var records = await BoundedFanOut.RunAsync(grid.All().ToArray(), run => GrainFactory.GetGrain<ISweepRunGrain>(run.Key).GetRecord());
        return records.OfType<SweepRunRecord>().ToArray();
    }

    public static SweepProgress Progress(SweepStatusView view) =>
        new(view.Total, view.Done, view.InFlight, view.Failed, view.ChargedFlops, view.FinishedHere, view.Elapsed);

    private SweepStatusView Live() => new(this.GetPrimaryKeyString(), true, _running, _total, _done, _inFlight, _failed,
        _charged, _finishedHere, _clock.Elapsed, _errors.ToArray());

    private async Task<SiloAddress[]> ActiveSilos()
    {
        var hosts = (await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Keys.ToArray();
        return hosts.Length > 0 ? hosts : throw new InvalidOperationException("the cluster reports no active silo, not even the sweep's own.");
    }
}
