namespace OrleansSelect.Core.Analysis;

/// <summary>
/// At which size ratio (trained model's parameters / selector's parameters) an expensive method
/// starts to pay for its selection: the paper finds about 5x for perplexity and 10x for gradients.
///
/// Definition. At a ratio r, the method's advantage A(r) is the largest margin, over budgets C on a
/// log grid spanning the compute its and the other methods' runs covered at r, by which its fitted
/// score exceeds the best other method's fitted score, counting only budgets where it and at least
/// one other method can run (<see cref="UtilityFit.Covers"/>). The method is on the frontier at r
/// when A(r) &gt; 0. The break-even ratio is where A first turns positive going up the ratios,
/// interpolated linearly in log r between the last ratio with A ≤ 0 and the first with A &gt; 0;
/// the smallest ratio when A is already positive there; null when A never turns positive.
/// </summary>
public static class BreakEven
{
    public static double? Ratio(IEnumerable<RatioFit> table, string method, int gridPoints = 200)
    {
        var advantages = table.GroupBy(t => t.Ratio).OrderBy(g => g.Key)
            .Select(g => (Ratio: g.Key, Advantage: Advantage(g.Select(t => t.Fit).ToArray(), method, gridPoints)))
            .Where(a => a.Advantage is not null)
            .Select(a => (a.Ratio, Advantage: a.Advantage!.Value))
            .ToArray();
        for (int i = 0; i < advantages.Length; i++)
        {
            if (advantages[i].Advantage <= 0) continue;
            if (i == 0) return advantages[0].Ratio;
            var (r0, a0) = advantages[i - 1];
            var (r1, a1) = advantages[i];
            double t = -a0 / (a1 - a0);
            return Math.Exp(Math.Log(r0) + t * (Math.Log(r1) - Math.Log(r0)));
        }
        return null;
    }

    /// <summary>A(r) for one ratio's fits, or null when the method has no fit there or never runs beside another.</summary>
    public static double? Advantage(IReadOnlyList<UtilityFit> fits, string method, int gridPoints = 200)
    {
        var mine = fits.Where(f => f.Key.Method == method).ToArray();
        var others = fits.Where(f => f.Key.Method != method).ToArray();
        if (mine.Length == 0 || others.Length == 0) return null;
        double? best = null;
        foreach (var budget in ComputeFrontier.LogGrid(fits, gridPoints))
        {
            var me = ComputeFrontier.BestFitAt(mine, budget);
            var rival = ComputeFrontier.BestFitAt(others, budget);
            if (me is null || rival is null) continue;
            double margin = me.Predict(budget) - rival.Predict(budget);
            if (best is null || margin > best) best = margin;
        }
        return best;
    }

    /// <summary>
    /// Places fits at ratios: a fit with a selector at training parameters / selector parameters; a
    /// fit without one at every ratio that its training size has. <paramref name="parameters"/> gives a size's parameter count.
    /// </summary>
    public static IReadOnlyList<RatioFit> Table(IEnumerable<UtilityFit> fits, Func<string, double> parameters)
    {
        var all = fits.ToArray();
        var withSelector = all.Where(f => f.Key.SelectorSize.Length > 0)
            .Select(f => new RatioFit(parameters(f.Key.TrainingSize) / parameters(f.Key.SelectorSize), f)).ToArray();
        var without = all.Where(f => f.Key.SelectorSize.Length == 0)
            .SelectMany(f => withSelector.Where(w => w.Fit.Key.Target == f.Key.Target && w.Fit.Key.TrainingSize == f.Key.TrainingSize)
                .Select(w => w.Ratio).Distinct().Select(r => new RatioFit(r, f)));
        return [.. withSelector, .. without];
    }
}
