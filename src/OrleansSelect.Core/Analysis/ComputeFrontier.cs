namespace OrleansSelect.Core.Analysis;

/// <summary>
/// The compute-optimal frontier: for each budget C, the best score that can be had for at most C.
/// Over runs, it is the best run whose total FLOPs are within C. Along fitted curves, it is the
/// best predicted score among the curves that cover C (C no less than the method's cheapest run:
/// a method cannot be run for less than its selection costs). Callers pass one target's and one
/// training size's runs or fits; the frontier does not mix settings.
/// </summary>
public static class ComputeFrontier
{
    /// <summary>The best run costing at most <paramref name="budget"/> FLOPs, or null when every run costs more.</summary>
    public static RunResult? BestRunWithin(IEnumerable<RunResult> runs, double budget) =>
        runs.Where(r => r.TotalFlops <= budget && double.IsFinite(r.Accuracy))
            .OrderByDescending(r => r.Accuracy).ThenBy(r => r.TotalFlops)
            .FirstOrDefault();

    /// <summary>
    /// The runs the frontier steps through, cheapest first: each scores higher than every run that
    /// costs no more. At any budget the frontier's run is the last of these within it.
    /// </summary>
    public static IReadOnlyList<RunResult> OfRuns(IEnumerable<RunResult> runs) => Steps(runs, r => r.TotalFlops, r => r.Accuracy);

    /// <summary>The same steps over any scored items (published points, say), given their cost and score.</summary>
    public static IReadOnlyList<T> Steps<T>(IEnumerable<T> items, Func<T, double> flops, Func<T, double> score)
    {
        var steps = new List<T>();
        foreach (var item in items.Where(i => double.IsFinite(score(i))).OrderBy(flops).ThenByDescending(score))
            if (steps.Count == 0 || score(item) > score(steps[^1]))
                steps.Add(item);
        return steps;
    }

    /// <summary>The fit with the highest predicted score at <paramref name="budget"/> among those that cover it, or null.</summary>
    public static UtilityFit? BestFitAt(IEnumerable<UtilityFit> fits, double budget) =>
        fits.Where(f => f.Covers(budget)).OrderByDescending(f => f.Predict(budget)).FirstOrDefault();

    /// <summary>The fitted frontier at each budget: which curve is best and what it predicts (budgets no curve covers are left out).</summary>
    public static IReadOnlyList<FittedFrontierPoint> OfFits(IReadOnlyList<UtilityFit> fits, IEnumerable<double> budgets) =>
        budgets.Select(b => (Budget: b, Fit: BestFitAt(fits, b)))
            .Where(p => p.Fit is not null)
            .Select(p => new FittedFrontierPoint(p.Budget, p.Fit!, p.Fit!.Predict(p.Budget)))
            .ToArray();

    /// <summary><paramref name="count"/> budgets spaced evenly in log between the least and most compute the fits cover.</summary>
    public static IReadOnlyList<double> LogGrid(IReadOnlyList<UtilityFit> fits, int count = 200)
    {
        if (fits.Count == 0) return [];
        double low = Math.Log(Math.Max(fits.Min(f => f.MinFlops), double.Epsilon)), high = Math.Log(fits.Max(f => f.MaxFlops));
        if (!(high > low)) return [Math.Exp(low)];
        return Enumerable.Range(0, count).Select(i => Math.Exp(low + (high - low) * i / (count - 1))).ToArray();
    }
}
