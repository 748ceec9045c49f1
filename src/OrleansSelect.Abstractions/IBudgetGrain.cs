namespace OrleansSelect.Abstractions;

/// <summary>
/// The FLOP ledger of one budget (keyed by the budget's name): the one place that knows its total,
/// what is reserved and what was spent. Every change is persisted before the call returns.
/// </summary>
public interface IBudgetGrain : IGrainWithStringKey
{
    /// <summary>Creates the budget with a total; calling it again with the same total is a no-op.</summary>
    Task<BudgetView> Create(double totalFlops);

    Task<Reservation> Reserve(string operationId, double flops, FlopCategory category, string method);

    Task Commit(string operationId, double actualFlops);

    Task Release(string operationId);

    /// <summary>Work under way has spent at most this much so far (see BudgetLedger.RecordSpendCeiling).</summary>
    Task RecordSpendCeiling(string operationId, double ceilingFlops);

    /// <summary>Charges an interrupted operation its spend ceiling; its compute was spent.</summary>
    Task SettleInterrupted(string operationId);

    Task<BudgetView> GetStatus();

    /// <summary>False when the budget was never created (status of an unknown name).</summary>
    Task<bool> Exists();
}
