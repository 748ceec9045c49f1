namespace OrleansSelect.Core.Budget;

/// <summary>
/// How long work keeps its spend ceiling (<see cref="BudgetLedger.RecordSpendCeiling"/>) a step
/// ahead of what it has done: at most <see cref="Headroom"/> of the reservation (or two steps)
/// above the FLOPs really spent, never above the reservation. Training and shard scoring follow
/// the same rule, so an interruption is charged close to the truth and never below it.
/// </summary>
public static class SpendCeilingRule
{
    /// <summary>How far ahead of the work a ceiling is set, as a share of the reservation.</summary>
    public const double Headroom = 0.05;

    /// <summary>The ceiling to record now, or null when <paramref name="current"/> still covers the next two steps.</summary>
    public static double? Next(double current, double flopsSoFar, double step, double reserved) =>
        flopsSoFar + 2 * step > current
            ? Math.Min(reserved, flopsSoFar + Math.Max(reserved * Headroom, 2 * step))
            : null;
}
