using OrleansSelect.Core.Budget;
using OrleansSelect.Grains.Budget;

namespace OrleansSelect.Cluster.Tests;

/// <summary>
/// The test silos' ledger store: the real one, except for the writes a <see cref="FailingGrainStorage"/>
/// rule fails. A rule sees the budget's name as the key and, as the state, a ledger holding the
/// total and just the operations this write changes.
/// </summary>
public sealed class FailingBudgetLedgerStore(IBudgetLedgerStore inner) : IBudgetLedgerStore
{
    public Task<StoredLedger?> ReadAsync(string budget) => inner.ReadAsync(budget);

    public Task<long> WriteAsync(string budget, long expectedVersion, double totalFlops, IReadOnlyCollection<LedgerOperation> changed)
    {
        var write = new BudgetLedgerState
        {
            TotalFlops = totalFlops,
            Operations = changed.ToDictionary(op => op.OperationId, StringComparer.Ordinal),
        };
        return FailingGrainStorage.Fails(budget, write)
            ? Task.FromException<long>(new IOException($"the test storage failed the write of budget {budget}'s ledger"))
            : inner.WriteAsync(budget, expectedVersion, totalFlops, changed);
    }
}
