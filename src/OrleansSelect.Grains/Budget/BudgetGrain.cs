using OrleansSelect.Abstractions;
using OrleansSelect.Core.Budget;
using OrleansSelect.Grains.Catalog;
using OrleansSelect.Grains.Telemetry;

namespace OrleansSelect.Grains.Budget;

/// <summary>
/// Holds one budget's ledger. Each change is written to storage before the caller hears back; if
/// the write fails, the activation is dropped so the next call starts again from what was stored.
/// </summary>
public sealed class BudgetGrain(
    [PersistentState("budget-ledger", StorageNames.Default)] IPersistentState<BudgetLedgerState> state)
    : Grain, IBudgetGrain
{
    private BudgetLedger Ledger => new(state.State);

    public async Task<BudgetView> Create(double totalFlops)
    {
        if (Ledger.Initialise(totalFlops))
            await PersistAsync();
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
        return result.ToView();
    }

    public async Task Commit(string operationId, double actualFlops)
    {
        if (Ledger.Commit(operationId, actualFlops))
            await PersistChargeAsync(operationId);
    }

    public async Task Release(string operationId)
    {
        if (Ledger.Release(operationId))
            await PersistAsync();
    }

    public async Task RecordSpendCeiling(string operationId, double ceilingFlops)
    {
        if (Ledger.RecordSpendCeiling(operationId, ceilingFlops))
            await PersistAsync();
    }

    public async Task SettleInterrupted(string operationId)
    {
        if (Ledger.SettleInterrupted(operationId))
            await PersistChargeAsync(operationId);
    }

    public Task<BudgetView> GetStatus() => Task.FromResult(Ledger.Summarise().ToView(this.GetPrimaryKeyString()));

    public Task<bool> Exists() => Task.FromResult(state.State.TotalFlops > 0);

    /// <summary>Persists a new charge, then counts it in the metrics (only once it is durable).</summary>
    private async Task PersistChargeAsync(string operationId)
    {
        await PersistAsync();
        SelectMetrics.Charged(state.State.Operations[operationId]);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.TotalFlops > 0)
            PublishRemaining();
        return Task.CompletedTask;
    }

    private void PublishRemaining() =>
        SelectMetrics.BudgetRemaining(this.GetPrimaryKeyString(), Ledger.RemainingFlops);

    private async Task PersistAsync()
    {
        await state.WriteOrDeactivateAsync(this);
        PublishRemaining();
    }
}
