using OrleansSelect.Core.Budget;

namespace OrleansSelect.Grains.Budget;

/// <summary>
/// Where budgets' ledgers are kept: a row per budget (its total and a version) and a row per
/// operation, so that a write costs what changed since the last one, not the whole ledger, however
/// many shards have reserved against it. Implemented on the silo's database (<c>SqlBudgetLedgerStore</c>).
/// </summary>
public interface IBudgetLedgerStore
{
    /// <summary>The stored ledger of <paramref name="budget"/>, or null when none is stored.</summary>
    Task<StoredLedger?> ReadAsync(string budget);

    /// <summary>
    /// Writes the total and the changed operations in one transaction, provided the stored version is
    /// still <paramref name="expectedVersion"/> (0: nothing stored yet), and returns the new version.
    /// Another writer's version (a second activation after a silo loss) fails the write with Orleans'
    /// InconsistentStateException and writes nothing.
    /// </summary>
    Task<long> WriteAsync(string budget, long expectedVersion, double totalFlops, IReadOnlyCollection<LedgerOperation> changed);
}

/// <summary>A budget's ledger as stored, with the version its next write must name.</summary>
public sealed record StoredLedger(BudgetLedgerState State, long Version);
