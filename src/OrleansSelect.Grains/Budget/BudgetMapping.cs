using OrleansSelect.Abstractions;
using OrleansSelect.Core.Budget;

namespace OrleansSelect.Grains.Budget;

/// <summary>Translates between the pure ledger's types and their wire forms.</summary>
public static class BudgetMapping
{
    public static BudgetCategory ToCore(this FlopCategory category) => category switch
    {
        FlopCategory.Selection => BudgetCategory.Selection,
        FlopCategory.Training => BudgetCategory.Training,
        FlopCategory.Evaluation => BudgetCategory.Evaluation,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "unknown FLOP category"),
    };

    public static Reservation ToView(this ReservationResult result) =>
        new(result.Granted, result.RefusalReason, result.RemainingFlops);

    public static BudgetView ToView(this BudgetSummary summary, string name) => new(
        name,
        summary.TotalFlops,
        summary.ReservedFlops,
        summary.SpentFlops,
        summary.RemainingFlops,
        summary.ByCategory.Select(ToView).ToList(),
        summary.ByMethod.Select(ToView).ToList(),
        summary.OpenReservations);

    private static BudgetLineView ToView(BudgetLine line) => new(line.Name, line.ReservedFlops, line.SpentFlops);
}
