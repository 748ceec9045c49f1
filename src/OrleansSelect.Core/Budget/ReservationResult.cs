namespace OrleansSelect.Core.Budget;

/// <summary>The ledger's answer to a reservation: granted, or refused with a reason a user can read.</summary>
public sealed record ReservationResult(bool Granted, string? RefusalReason, double RemainingFlops)
{
    public static ReservationResult Grant(double remaining) => new(true, null, remaining);
    public static ReservationResult Refuse(string reason, double remaining) => new(false, reason, remaining);
}
