using OrleansSelect.Core.Analysis;
using ScottPlot;

namespace OrleansSelect.Silo.Plots;

/// <summary>A sweep's figures: per target and training size, its runs with each method's fitted curve and the frontier, and the cost breakdown.</summary>
public static class SweepPlots
{
    public static IReadOnlyList<string> Write(string directory, string sweepName, IReadOnlyList<RunResult> runs)
    {
        var files = Frontiers(runs).SelectMany(f => PlotFiles.Save(f.Plot, directory, f.Name)).ToList();
        files.AddRange(CostBreakdownPlot.Write(directory, $"{sweepName}-costs", $"cost per run by method: {sweepName}", runs));
        return files;
    }

    /// <summary>
    /// One plot per (target, training size), named for its file: the runs, the curves fitted so far
    /// and the frontier. A setting whose curves cannot be fitted yet (no full-data run) still gets
    /// its points and frontier, so a sweep under way has its plot too.
    /// </summary>
    public static IReadOnlyList<(string Name, Plot Plot)> Frontiers(IReadOnlyList<RunResult> runs)
    {
        var fits = SweepFits.FromRuns(runs, new FitSettings()).OfType<FitSucceeded>().Select(s => s.Fit).ToArray();
        return runs.GroupBy(r => FitPlot.Setting(r.Target, r.TrainingSize)).Select(setting =>
        {
            var mine = fits.Where(f => FitPlot.Setting(f.Key.Target, f.Key.TrainingSize) == setting.Key).ToArray();
            var points = FitPlot.Points(setting).Select(p => (p.Method, p.Flops, p.Score)).ToArray();
            var title = mine.Length > 0 ? $"utility fits: {setting.Key}" : $"runs: {setting.Key} (no fit yet)";
            return (FitPlot.FileName(setting.Key), FitPlot.Draw(title, points, mine));
        }).ToArray();
    }
}
