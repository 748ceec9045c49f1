using OrleansSelect.Core.Compute;

namespace OrleansSelect.Core.Analysis;

/// <summary>
/// Fits one utility curve per (target, training size, method, selector size) of a results table.
/// Per (target, training size): P̄ is the mean calibrated accuracy of the runs on the whole pool
/// (fraction 1) and C_D the mean training FLOPs of those runs, or, without such runs, the FLOP
/// model's cost of one pass over the pool's tokens for a catalog size; settings override both.
/// Every seed's run is a point of its method's curve.
/// </summary>
public static class SweepFits
{
    public static IReadOnlyList<FitOutcome> FromRuns(IReadOnlyList<RunResult> runs, FitSettings settings)
    {
        settings.Validate();
        var outcomes = new List<FitOutcome>();
        foreach (var setting in runs.GroupBy(r => (r.Target, r.TrainingSize)).OrderBy(g => g.Key))
        {
            var full = setting.Where(r => r.IsFullData).ToArray();
            double? pBar = settings.FullDataScore ?? MeanOrNull(full.Select(r => r.Accuracy));
            double? cD = settings.FullDataFlops ?? MeanOrNull(full.Select(r => r.TrainingFlops)) ?? CatalogFullDataFlops(setting.Key.TrainingSize, setting.Max(r => r.PoolTokens));
            foreach (var method in setting.GroupBy(r => (r.Method, r.SelectorSize)).OrderBy(g => g.Key))
            {
                var key = new FitKey(setting.Key.Target, setting.Key.TrainingSize, method.Key.Method, method.Key.SelectorSize);
                if (pBar is null)
                    outcomes.Add(new FitFailed(key, method.Count(), $"no run on the whole pool (fraction 1) gives the full-data score P̄ for {setting.Key.Target}, {setting.Key.TrainingSize}; add such a run or pass --p-bar."));
                else if (cD is null)
                    outcomes.Add(new FitFailed(key, method.Count(), $"the cost of training {setting.Key.TrainingSize} on the whole pool is unknown (no fraction-1 run, not a catalog size); pass --c-d."));
                else
                    outcomes.Add(UtilityFitter.Fit(key, method.Select(r => new FitPoint(r.TotalFlops, r.Accuracy)).ToArray(), pBar.Value, cD.Value,
                        method.Where(r => r.PoolTokens > 0).Select(r => r.SelectionFlops / r.PoolTokens).DefaultIfEmpty(double.NaN).Average()));
            }
        }
        return outcomes;
    }

    /// <summary>Published numbers: one curve per method, with C_D and P̄ given.</summary>
    public static IReadOnlyList<FitOutcome> FromPublishedPoints(IReadOnlyList<PublishedPoint> points, FitSettings settings)
    {
        settings.Validate();
        if (settings.FullDataFlops is not { } cD || settings.FullDataScore is not { } pBar)
            throw new UserInputException("A CSV of method, flops and score needs --c-d (the full-data training FLOPs) and --p-bar (the full-data score).");
        return points.GroupBy(p => p.Method).OrderBy(g => g.Key)
            .Select(g => UtilityFitter.Fit(new FitKey("", "", g.Key, ""), g.Select(p => new FitPoint(p.Flops, p.Score)).ToArray(), pBar, cD))
            .ToArray();
    }

    private static double? CatalogFullDataFlops(string trainingSize, long poolTokens) =>
        ModelCatalog.Contains(trainingSize) && poolTokens > 0
            ? FlopModel.TrainFlops(ModelCatalog.Get(trainingSize), poolTokens, ModelCatalog.Get(trainingSize).ContextLength)
            : null;

    private static double? MeanOrNull(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        return finite.Length == 0 ? null : finite.Average();
    }
}
