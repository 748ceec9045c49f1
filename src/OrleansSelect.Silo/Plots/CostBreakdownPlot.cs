using OrleansSelect.Core.Analysis;
using ScottPlot;

namespace OrleansSelect.Silo.Plots;

/// <summary>
/// Where each method's FLOPs go: per method (and selector), the mean selection, training and
/// evaluation FLOPs of its runs as one stacked bar. Written as PNG and SVG.
/// </summary>
public static class CostBreakdownPlot
{
    public static IReadOnlyList<string> Write(string directory, string name, string title, IReadOnlyList<RunResult> runs)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var methods = runs.GroupBy(r => FitPlot.Label(new FitKey(r.Target, r.TrainingSize, r.Method, r.SelectorSize))).OrderBy(g => g.Key).ToArray();
        (string Name, Func<RunResult, double> Flops)[] parts =
            [("selection", r => r.SelectionFlops), ("training", r => r.TrainingFlops), ("evaluation", r => r.EvaluationFlops)];
        var bars = new List<Bar>();
        for (int m = 0; m < methods.Length; m++)
        {
            double bottom = 0;
            for (int p = 0; p < parts.Length; p++)
            {
                double mean = methods[m].Average(parts[p].Flops);
                bars.Add(new Bar { Position = m, ValueBase = bottom, Value = bottom + mean, FillColor = palette.GetColor(p) });
                bottom += mean;
            }
        }
        plot.Add.Bars(bars);
        for (int p = 0; p < parts.Length; p++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = parts[p].Name, FillColor = palette.GetColor(p) });
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, methods.Length).Select(i => (double)i).ToArray(), methods.Select(g => g.Key).ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        plot.YLabel("mean FLOPs per run");
        plot.ShowLegend(Alignment.UpperLeft);

        return PlotFiles.Save(plot, directory, name);
    }
}
