namespace OrleansSelect.Core.Budget;

/// <summary>Reserved and spent FLOPs for one slice of a budget (a category or a method).</summary>
public sealed record BudgetLine(string Name, double ReservedFlops, double SpentFlops);

/// <summary>A budget at a glance: totals, and the same split by category and by method.</summary>
public sealed record BudgetSummary(
    double TotalFlops,
    double ReservedFlops,
    double SpentFlops,
    double RemainingFlops,
    IReadOnlyList<BudgetLine> ByCategory,
    IReadOnlyList<BudgetLine> ByMethod,
    int OpenReservations);
