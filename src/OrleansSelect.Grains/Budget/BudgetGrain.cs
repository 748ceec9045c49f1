using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.Budget;
using OrleansSelect.Grains.Catalog;
using OrleansSelect.Grains.Telemetry;

namespace OrleansSelect.Grains.Budget;

/// <summary>
/// Holds one budget's ledger, kept as rows (<see cref="IBudgetLedgerStore"/>). Each change is
/// written before the caller hears back; if the write fails, the activation is dropped so the next
/// call starts again from what was stored. Calls interleave at their writes: every ledger change is
/// made whole before its call awaits, and the changes of calls that arrive while a write is in
/// flight go out together in the next one (<see cref="GroupCommit"/>), which writes only the
/// operations those calls changed. So thousands of shards reserving at once make a few small writes.
/// </summary>
[Reentrant]
public sealed class BudgetGrain(
    // Where releases before the ledger rows kept the whole ledger: read once, to move it (see OnActivateAsync).
    [PersistentState("budget-ledger", StorageNames.Default)] IPersistentState<BudgetLedgerState> legacy,
    IBudgetLedgerStore store,
    ILogger<BudgetGrain> logger)
    : Grain, IBudgetGrain
{
    private BudgetLedgerState _live = new();
    private long _version;
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private GroupCommit? _commits;

    private BudgetLedger Ledger => new(_live);

    private string Name => this.GetPrimaryKeyString();

    private GroupCommit Commits => _commits ??= new GroupCommit(async () =>
    {
        // Copies, taken before the write awaits: the ledger goes on changing meanwhile.
        var changed = _changed.Select(id => _live.Operations[id].Copy()).ToList();
        _changed.Clear();
        await this.WriteOrDeactivateAsync(async () => _version = await store.WriteAsync(Name, _version, _live.TotalFlops, changed));
    });

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (await store.ReadAsync(Name) is { } stored)
            (_live, _version) = (stored.State, stored.Version);
        else if (legacy.State.TotalFlops > 0)
            await MoveLegacyLedgerAsync();
        if (_live.TotalFlops > 0)
            PublishRemaining();
    }

    /// <summary>
    /// An older release's ledger, whole in grain state, becomes rows, charging nothing again. The rows
    /// are the ledger from then on; the old state is cleared after, and if that fails it is only ignored.
    /// </summary>
    private async Task MoveLegacyLedgerAsync()
    {
        _live = legacy.State.Copy();
        _version = await store.WriteAsync(Name, 0, _live.TotalFlops, _live.Operations.Values.ToList());
        try
        {
            await legacy.ClearStateAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "budget {Budget}: its ledger moved to rows, but its old grain state could not be cleared; it is ignored from now on", Name);
        }
    }

    public async Task<BudgetView> Create(double totalFlops)
    {
        if (Ledger.Initialise(totalFlops))
            await PersistAsync();
        else
            await Commits.DurableAsync();
        await CatalogRegistration.RegisterAsync(GrainFactory, CatalogKind.Budget, Name);
        return await GetStatus();
    }

    public async Task<Reservation> Reserve(string operationId, double flops, FlopCategory category, string method)
    {
        var (result, changed) = Ledger.Reserve(operationId, flops, category.ToCore(), method);
        if (changed)
        {
            await PersistAsync(operationId);
            if (result.Granted)
                SelectMetrics.Reserved(flops, category.ToCore(), method);
        }
        else
            await Commits.DurableAsync(); // a repeat answers only once the first one's change is durable
        return result.ToView();
    }

    public async Task Commit(string operationId, double actualFlops)
    {
        if (Ledger.Commit(operationId, actualFlops))
            await PersistChargeAsync(operationId);
        else
            await Commits.DurableAsync();
    }

    public async Task Release(string operationId)
    {
        if (Ledger.Release(operationId))
            await PersistAsync(operationId);
        else
            await Commits.DurableAsync();
    }

    public async Task RecordSpendCeiling(string operationId, double ceilingFlops)
    {
        if (Ledger.RecordSpendCeiling(operationId, ceilingFlops))
            await PersistAsync(operationId);
        else
            await Commits.DurableAsync();
    }

    public async Task SettleInterrupted(string operationId)
    {
        if (Ledger.SettleInterrupted(operationId))
            await PersistChargeAsync(operationId);
        else
            await Commits.DurableAsync();
    }

    /// <summary>What storage holds: answered once every change made so far is durable.</summary>
    public async Task<BudgetView> GetStatus()
    {
        await Commits.DurableAsync();
        return Ledger.Summarise().ToView(Name);
    }

    public async Task<bool> Exists()
    {
        await Commits.DurableAsync();
        return _live.TotalFlops > 0;
    }

    /// <summary>Persists a new charge, then counts it in the metrics (only once it is durable).</summary>
    private async Task PersistChargeAsync(string operationId)
    {
        await PersistAsync(operationId);
        SelectMetrics.Charged(_live.Operations[operationId]);
    }

    private void PublishRemaining() => SelectMetrics.BudgetRemaining(Name, Ledger.RemainingFlops);

    /// <summary>Writes the change to <paramref name="operationId"/> (none: the total) with whatever else changed meanwhile.</summary>
    private async Task PersistAsync(string? operationId = null)
    {
        if (operationId is not null)
            _changed.Add(operationId);
        await Commits.PersistAsync();
        PublishRemaining();
    }
}
