using System.Globalization;

namespace OrleansSelect.Core.Budget;

/// <summary>
/// The FLOP ledger of one budget. Work reserves before it starts, commits what it actually spent,
/// and releases a reservation it will not use. Every call is idempotent by operation id, so a
/// caller that retries after a crash neither loses a charge nor counts one twice. A reservation
/// that would take reserved + spent past the total is refused, and no operation is ever charged
/// more than it reserved: a commit or spend ceiling above the reservation, or a second reservation
/// of the same id with other terms, is refused. So the total can never be exceeded, whatever a
/// caller does; work reserves what it will spend (its estimates are exactly what it charges).
/// </summary>
public sealed class BudgetLedger(BudgetLedgerState state)
{
    public BudgetLedgerState State { get; } = state;

    public double ReservedFlops => State.Operations.Values
        .Where(op => op.Status == OperationStatus.Reserved).Sum(op => op.ReservedFlops);

    public double SpentFlops => State.Operations.Values
        .Where(op => op.Status == OperationStatus.Committed).Sum(op => op.SpentFlops);

    public double RemainingFlops => State.TotalFlops - ReservedFlops - SpentFlops;

    /// <summary>
    /// Sets the total of a new budget; a budget that already has a total keeps it unless it is the same.
    /// Returns whether the state changed (false when the budget already had this total).
    /// </summary>
    public bool Initialise(double totalFlops)
    {
        if (!double.IsFinite(totalFlops) || totalFlops <= 0)
            throw new UserInputException($"a budget must be a positive number of FLOPs, got {Format(totalFlops)}");
        if (State.TotalFlops > 0 && State.TotalFlops != totalFlops)
            throw new UserInputException(
                $"this budget already has a total of {Format(State.TotalFlops)} FLOPs; use a new budget name for a total of {Format(totalFlops)}");
        if (State.TotalFlops == totalFlops) return false;
        State.TotalFlops = totalFlops;
        return true;
    }

    /// <summary>
    /// Returns true when the ledger changed (and must be persisted). A second call with an id that
    /// is already reserved or committed grants again without charging again.
    /// </summary>
    public (ReservationResult Result, bool Changed) Reserve(string operationId, double flops, BudgetCategory category, string method)
    {
        ValidateId(operationId);
        if (!double.IsFinite(flops) || flops < 0)
            throw new ArgumentOutOfRangeException(nameof(flops), flops, "a reservation must be a finite, non-negative number of FLOPs");
        if (State.TotalFlops <= 0)
            throw new UserInputException("this budget has no total yet; create it with a positive number of FLOPs first");

        if (State.Operations.TryGetValue(operationId, out var existing) && existing.Status != OperationStatus.Released)
        {
            if (existing.ReservedFlops != flops || existing.Category != category)
                throw new InvalidOperationException(
                    $"operation '{operationId}' already reserved {Format(existing.ReservedFlops)} {Name(existing.Category)} FLOPs; it cannot be reserved again for {Format(flops)} {Name(category)} FLOPs");
            return (ReservationResult.Grant(RemainingFlops), false);
        }

        double remaining = RemainingFlops;
        if (flops > remaining)
            return (ReservationResult.Refuse(
                $"{Name(category)} '{method}' needs {Format(flops)} FLOPs but only {Format(remaining)} of {Format(State.TotalFlops)} remain",
                remaining), false);

        State.Operations[operationId] = new LedgerOperation
        {
            OperationId = operationId,
            Category = category,
            Method = method,
            ReservedFlops = flops,
            SpendCeilingFlops = flops,
            Status = OperationStatus.Reserved,
        };
        return (ReservationResult.Grant(remaining - flops), true);
    }

    /// <summary>
    /// Records what an operation actually spent, at most what it reserved (a caller that spent more
    /// reserved too little, and its commit is refused). Committing twice keeps the first figure.
    /// </summary>
    public bool Commit(string operationId, double actualFlops)
    {
        ValidateId(operationId);
        if (!double.IsFinite(actualFlops) || actualFlops < 0)
            throw new ArgumentOutOfRangeException(nameof(actualFlops), actualFlops, "spent FLOPs must be finite and non-negative");
        if (!State.Operations.TryGetValue(operationId, out var op))
            throw new InvalidOperationException($"operation '{operationId}' was never reserved, so it cannot be committed");

        switch (op.Status)
        {
            case OperationStatus.Committed:
                return false;
            case OperationStatus.Released:
                throw new InvalidOperationException($"operation '{operationId}' was released, so it cannot be committed");
            default:
                RefuseAboveReservation(op, actualFlops, "commit");
                op.SpentFlops = actualFlops;
                op.Status = OperationStatus.Committed;
                return true;
        }
    }

    /// <summary>
    /// Work under way promises it has spent at most <paramref name="ceilingFlops"/> so far and will
    /// raise the ceiling before passing it. Long work lowers the ceiling from the whole reservation
    /// to what it has really done, so an interruption is charged close to the truth, never below it.
    /// A ceiling above the reservation is refused: the ledger never charges more than was reserved.
    /// </summary>
    public bool RecordSpendCeiling(string operationId, double ceilingFlops)
    {
        ValidateId(operationId);
        if (!double.IsFinite(ceilingFlops) || ceilingFlops < 0)
            throw new ArgumentOutOfRangeException(nameof(ceilingFlops), ceilingFlops, "a spend ceiling must be finite and non-negative");
        if (!State.Operations.TryGetValue(operationId, out var op) || op.Status != OperationStatus.Reserved)
            return false;
        RefuseAboveReservation(op, ceilingFlops, "spend ceiling");
        op.SpendCeilingFlops = ceilingFlops;
        return true;
    }

    /// <summary>
    /// Settles an operation whose work was interrupted: it is charged its spend ceiling (the whole
    /// reservation unless the work reported less). A committed or unknown operation is left as it is.
    /// </summary>
    public bool SettleInterrupted(string operationId)
    {
        ValidateId(operationId);
        if (!State.Operations.TryGetValue(operationId, out var op) || op.Status != OperationStatus.Reserved)
            return false;
        op.SpentFlops = op.SpendCeilingFlops;
        op.Status = OperationStatus.Committed;
        return true;
    }

    /// <summary>Gives back a reservation that was not used. Releasing a committed operation changes nothing.</summary>
    public bool Release(string operationId)
    {
        ValidateId(operationId);
        if (!State.Operations.TryGetValue(operationId, out var op) || op.Status != OperationStatus.Reserved)
            return false;
        op.Status = OperationStatus.Released;
        return true;
    }

    public BudgetSummary Summarise()
    {
        var live = State.Operations.Values.Where(op => op.Status != OperationStatus.Released).ToList();
        return new BudgetSummary(
            State.TotalFlops,
            ReservedFlops,
            SpentFlops,
            RemainingFlops,
            Lines(live, op => op.Category.ToString().ToLowerInvariant()),
            Lines(live, op => op.Method),
            live.Count(op => op.Status == OperationStatus.Reserved));
    }

    private static List<BudgetLine> Lines(IEnumerable<LedgerOperation> ops, Func<LedgerOperation, string> key) =>
        ops.GroupBy(key)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new BudgetLine(
                g.Key,
                g.Where(op => op.Status == OperationStatus.Reserved).Sum(op => op.ReservedFlops),
                g.Where(op => op.Status == OperationStatus.Committed).Sum(op => op.SpentFlops)))
            .ToList();

    private static void RefuseAboveReservation(LedgerOperation op, double flops, string what)
    {
        if (flops > op.ReservedFlops)
            throw new InvalidOperationException(
                $"operation '{op.OperationId}' reserved {Format(op.ReservedFlops)} FLOPs, so a {what} of {Format(flops)} is refused; reserve enough before the work starts");
    }

    private static string Name(BudgetCategory category) => category.ToString().ToLowerInvariant();

    private static void ValidateId(string operationId)
    {
        if (string.IsNullOrWhiteSpace(operationId))
            throw new ArgumentException("an operation id must not be empty", nameof(operationId));
    }

    private static string Format(double flops) => flops.ToString("0.###e+0", CultureInfo.InvariantCulture);
}
