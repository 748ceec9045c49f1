namespace OrleansSelect.Core.Budget;

public enum OperationStatus
{
    Reserved,
    Committed,
    Released,
}

/// <summary>
/// One piece of work's entry in the ledger: what it reserved before starting and, once committed,
/// what it actually spent. Plain settable properties because the ledger is persisted as JSON.
/// </summary>
public sealed class LedgerOperation
{
    public string OperationId { get; set; } = "";
    public BudgetCategory Category { get; set; }
    public string Method { get; set; } = "";
    public double ReservedFlops { get; set; }
    public double SpentFlops { get; set; }
    public OperationStatus Status { get; set; }
}
