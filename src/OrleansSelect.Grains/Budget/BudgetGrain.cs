using Orleans.Concurrency;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.Budget;
using OrleansSelect.Grains.Catalog;
using OrleansSelect.Grains.Telemetry;

namespace OrleansSelect.Grains.Budget;

/// <summary>
/// Holds one budget's ledger. Each change is written to storage before the caller hears back; if
/// the write fails, the activation is dropped so the next call starts again from what was stored.
/// Calls interleave at their writes: every ledger change is made whole before its call awaits, and
/// the changes of calls that arrive while a write is in flight go out together in the next one
/// (<see cref="GroupCommit"/>), so thousands of shards reserving at once make a few writes, not
/// one each, although every write still holds the whole ledger.
/// </summary>
[Reentrant]
public sealed class BudgetGrain(
    [PersistentState("budget-ledger", StorageNames.Default)] IPersistentState<BudgetLedgerState> state)
    : Grain, IBudgetGrain
{
    private BudgetLedgerState? _live;
    private GroupCommit? _commits;

    /// <summary>The ledger in memory; what storage holds is the copy of it the latest write took.</summary>
    private BudgetLedger Ledger => new(_live ??= state.State);

    private GroupCommit Commits => _commits ??= new GroupCommit(async () =>
    {
        state.State = Ledger.State.Copy();
        await state.WriteOrDeactivateAsync(this);
    });

    public async Task<BudgetView> Create(double totalFlops)
    {
        if (Ledger.Initialise(totalFlops))
            await PersistAsync();
        else
            await Commits.DurableAsync();
        await CatalogRegistration.RegisterAsync(GrainFactory, CatalogKind.Budget, this.GetPrimaryKeyString());
        return await GetStatus();
    }

    public async Task<Reservation> Reserve(string operationId, double flops, FlopCategory category, string method)
    {
        var (result, changed) = Ledger.Reserve(operationId, flops, category.ToCore(), method);
        if (changed)
        {
            await PersistAsync();
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
            await PersistAsync();
        else
            await Commits.DurableAsync();
    }

    public async Task RecordSpendCeiling(string operationId, double ceilingFlops)
    {
        if (Ledger.RecordSpendCeiling(operationId, ceilingFlops))
            await PersistAsync();
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
        return Ledger.Summarise().ToView(this.GetPrimaryKeyString());
    }

    public async Task<bool> Exists()
    {
        await Commits.DurableAsync();
        return Ledger.State.TotalFlops > 0;
    }

    /// <summary>Persists a new charge, then counts it in the metrics (only once it is durable).</summary>
    private async Task PersistChargeAsync(string operationId)
    {
        await PersistAsync();
        SelectMetrics.Charged(Ledger.State.Operations[operationId]);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Ledger.State.TotalFlops > 0)
            PublishRemaining();
        return Task.CompletedTask;
    }

    private void PublishRemaining() =>
        SelectMetrics.BudgetRemaining(this.GetPrimaryKeyString(), Ledger.RemainingFlops);

    private async Task PersistAsync()
    {
        await Commits.PersistAsync();
        PublishRemaining();
    }
}
