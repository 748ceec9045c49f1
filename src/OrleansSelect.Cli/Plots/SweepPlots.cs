using OrleansSelect.Core.Analysis;

namespace OrleansSelect.Cli.Plots;

/// <summary>A sweep's figures: per target and training size, its runs with each method's fitted curve and the frontier, and the cost breakdown.</summary>
public static class SweepPlots
{
    public static IReadOnlyList<string> Write(string directory, string sweepName, IReadOnlyList<RunResult> runs)
    {
        var fits = SweepFits.FromRuns(runs, new FitSettings()).OfType<FitSucceeded>().Select(s => s.Fit).ToArray();
        var files = FitPlot.WritePerSetting(directory, FitPlot.Points(runs), fits).SelectMany(f => f).ToList();
        // A setting whose curves could not be fitted (no full-data run yet) still gets its points and frontier.
        foreach (var setting in runs.GroupBy(r => FitPlot.Setting(r.Target, r.TrainingSize))
                     .Where(s => !fits.Any(f => FitPlot.Setting(f.Key.Target, f.Key.TrainingSize) == s.Key)))
            files.AddRange(FitPlot.Write(directory, FitPlot.FileName(setting.Key), $"runs: {setting.Key} (no fit yet)",
                FitPlot.Points(setting).Select(p => (p.Method, p.Flops, p.Score)).ToArray(), []));
        files.AddRange(CostBreakdownPlot.Write(directory, $"{sweepName}-costs", $"cost per run by method: {sweepName}", runs));
        return files;
    }
}
