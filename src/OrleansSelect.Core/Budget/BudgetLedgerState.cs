namespace OrleansSelect.Core.Budget;

/// <summary>The persisted form of a budget: its total and every operation charged against it.</summary>
public sealed class BudgetLedgerState
{
    public double TotalFlops { get; set; }
    public Dictionary<string, LedgerOperation> Operations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A deep copy, to be written while the ledger itself goes on changing.</summary>
    public BudgetLedgerState Copy() => new()
    {
        TotalFlops = TotalFlops,
        Operations = Operations.ToDictionary(p => p.Key, p => p.Value.Copy(), StringComparer.Ordinal),
    };
}
