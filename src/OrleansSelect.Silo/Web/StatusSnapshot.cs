using OrleansSelect.Abstractions;
using OrleansSelect.Core.Analysis;
using OrleansSelect.Silo.Sweeps;

namespace OrleansSelect.Silo.Web;

/// <summary>
/// What the status page shows, read from the grains the catalog lists: each budget's ledger, each
/// selection's manifest (or its progress while it runs), each training run's result (or progress),
/// each sweep's progress with its finished runs (for its frontier plot).
/// </summary>
public sealed record StatusSnapshot(
    IReadOnlyList<BudgetView> Budgets,
    IReadOnlyList<StatusSnapshot.Selection> Selections,
    IReadOnlyList<StatusSnapshot.TrainingRun> TrainingRuns,
    IReadOnlyList<StatusSnapshot.Sweep> Sweeps)
{
    public sealed record Selection(string Id, SelectionManifest? Manifest, JobProgress Progress);

    public sealed record TrainingRun(string Id, TrainingResult? Result, JobProgress Progress);

    public sealed record Sweep(SweepStatusView Status, IReadOnlyList<RunResult> Runs);

    public static async Task<StatusSnapshot> GatherAsync(IGrainFactory grains, CancellationToken cancellation)
    {
        var catalog = grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key);
        var budgets = await Task.WhenAll((await catalog.List(CatalogKind.Budget))
            .Select(name => grains.GetGrain<IBudgetGrain>(name).GetStatus()));
        cancellation.ThrowIfCancellationRequested();
        var selections = await Task.WhenAll((await catalog.List(CatalogKind.Selection)).Select(async id =>
        {
            var grain = grains.GetGrain<ISelectionGrain>(id);
            var manifest = await grain.GetManifest();
            return new Selection(id, manifest, manifest is null ? await grain.GetProgress() : JobProgress.Waiting);
        }));
        cancellation.ThrowIfCancellationRequested();
        var runs = await Task.WhenAll((await catalog.List(CatalogKind.TrainingRun)).Select(async id =>
        {
            var grain = grains.GetGrain<ITrainerGrain>(id);
            var result = await grain.GetResult();
            return new TrainingRun(id, result, result is null ? await grain.GetProgress() : JobProgress.Waiting);
        }));
        cancellation.ThrowIfCancellationRequested();
        var sweeps = await Task.WhenAll((await catalog.List(CatalogKind.Sweep)).Select(async name =>
        {
            var grain = grains.GetGrain<ISweepGrain>(name);
            var records = await grain.GetResults();
            return new Sweep(await grain.GetStatus(), records.Select(SweepResults.ToRunResult).ToArray());
        }));
        return new StatusSnapshot(budgets, selections, runs, sweeps);
    }
}
