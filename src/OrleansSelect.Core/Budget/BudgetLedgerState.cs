namespace OrleansSelect.Core.Budget;

/// <summary>The persisted form of a budget: its total and every operation charged against it.</summary>
public sealed class BudgetLedgerState
{
    public double TotalFlops { get; set; }
    public Dictionary<string, LedgerOperation> Operations { get; set; } = new(StringComparer.Ordinal);
}
