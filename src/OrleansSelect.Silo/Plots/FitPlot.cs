using System.Globalization;
using OrleansSelect.Core.Analysis;
using ScottPlot;

namespace OrleansSelect.Silo.Plots;

/// <summary>
/// Score against total FLOPs (log axis) for one target and training size: each method's runs as
/// points, its fitted curve as a line in the same colour, and the frontier of the runs as a black
/// step line. Written as PNG and SVG.
/// </summary>
public static class FitPlot
{
    public static IReadOnlyList<string> Write(string directory, string name, string title,
        IReadOnlyList<(string Method, double Flops, double Score)> points, IReadOnlyList<UtilityFit> fits) =>
        PlotFiles.Save(Draw(title, points, fits), directory, name);

    /// <summary>The plot itself, for a caller that renders it elsewhere (the status page inlines its SVG).</summary>
    public static Plot Draw(string title, IReadOnlyList<(string Method, double Flops, double Score)> points, IReadOnlyList<UtilityFit> fits)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var methods = points.Select(p => p.Method).Concat(fits.Select(f => Label(f.Key))).Distinct().ToArray();
        for (int i = 0; i < methods.Length; i++)
        {
            var color = palette.GetColor(i);
            var mine = points.Where(p => p.Method == methods[i] && double.IsFinite(p.Score) && p.Flops > 0).ToArray();
            if (mine.Length > 0)
            {
                var scatter = plot.Add.ScatterPoints(mine.Select(p => Math.Log10(p.Flops)).ToArray(), mine.Select(p => p.Score).ToArray(), color);
                scatter.MarkerSize = 7;
                scatter.LegendText = methods[i];
            }
            var fit = fits.FirstOrDefault(f => Label(f.Key) == methods[i]);
            if (fit is null) continue;
            var grid = ComputeFrontier.LogGrid([fit], 100);
            var line = plot.Add.ScatterLine(grid.Select(Math.Log10).ToArray(), grid.Select(fit.Predict).ToArray(), color);
            line.LineWidth = 2;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{methods[i]} fit: P₀={fit.P0:0.###}, λ={fit.Lambda:0.##}");
        }

        var steps = ComputeFrontier.Steps(points, p => p.Flops, p => p.Score).Where(p => p.Flops > 0).ToArray();
        if (steps.Length > 0)
        {
            double right = points.Max(p => p.Flops);
            var frontier = plot.Add.Scatter(
                steps.Select(p => Math.Log10(p.Flops)).Append(Math.Log10(right)).ToArray(),
                steps.Select(p => p.Score).Append(steps[^1].Score).ToArray(), Colors.Black);
            frontier.ConnectStyle = ConnectStyle.StepHorizontal;
            frontier.LinePattern = LinePattern.Dashed;
            frontier.MarkerSize = 0;
            frontier.LegendText = "frontier (best run within budget)";
        }

        plot.Title(title);
        plot.XLabel("total FLOPs (selection + training)");
        plot.YLabel("target accuracy");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = exponent => $"1e{exponent:0}",
        };
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>
    /// One plot per (target, training size) of the fits, with that setting's points. A point's
    /// Setting is <see cref="Setting"/> of its run (empty for published points, as their fits' keys).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> WritePerSetting(string directory,
        IReadOnlyList<(string Setting, string Method, double Flops, double Score)> points, IReadOnlyList<UtilityFit> fits) =>
        fits.GroupBy(f => (f.Key.Target, f.Key.TrainingSize)).Select(setting =>
        {
            var label = Setting(setting.Key.Target, setting.Key.TrainingSize);
            var mine = points.Where(p => p.Setting == label).Select(p => (p.Method, p.Flops, p.Score)).ToArray();
            return Write(directory, FileName(label), label.Length == 0 ? "utility fits" : $"utility fits: {label}", mine, setting.ToArray());
        }).ToArray();

    /// <summary>A results table's runs as plot points, each labelled like its method's curve.</summary>
    public static (string Setting, string Method, double Flops, double Score)[] Points(IEnumerable<RunResult> runs) =>
        runs.Select(r => (Setting(r.Target, r.TrainingSize), Label(new FitKey(r.Target, r.TrainingSize, r.Method, r.SelectorSize)), r.TotalFlops, r.Accuracy)).ToArray();

    public static string Setting(string target, string trainingSize) => string.Join(" ", new[] { target, trainingSize }.Where(s => s.Length > 0));

    public static string FileName(string label) =>
        label.Length == 0 ? "fits" : string.Concat(label.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-'));

    /// <summary>How a curve is named on the plot; runs are labelled the same way so they share a colour.</summary>
    public static string Label(FitKey key) => key.SelectorSize.Length == 0 ? key.Method : $"{key.Method} ({key.SelectorSize})";
}
