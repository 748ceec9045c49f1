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

    /// <summary>
    /// The most this operation may have spent so far, as the work last promised (at reservation:
    /// all of it). An interrupted operation is charged this much, so a crash never under-counts.
    /// </summary>
    public double SpendCeilingFlops { get; set; }
    public OperationStatus Status { get; set; }

    public LedgerOperation Copy() => (LedgerOperation)MemberwiseClone();
}
