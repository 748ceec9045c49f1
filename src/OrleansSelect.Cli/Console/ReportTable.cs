using OrleansSelect.Core.Reports;
using Spectre.Console;

namespace OrleansSelect.Cli.Console;

/// <summary>Runs side by side in the terminal: cost and result of each.</summary>
public static class ReportTable
{
    public static void Show(IReadOnlyList<RunReport> runs)
    {
        var table = new Table().AddColumns("method", "model", "selected", "selection FLOPs", "training FLOPs", "eval FLOPs", "total FLOPs", "accuracy", "bits/byte", "wall");
        foreach (var r in runs)
            table.AddRow(
                Markup.Escape(r.Method), Markup.Escape(r.ModelSize),
                Markup.Escape($"{r.SelectedExamples:N0} ex / {r.SelectedTokens:N0} tok"),
                ReportWriter.Flops(r.SelectionFlops), ReportWriter.Flops(r.TrainingFlops), ReportWriter.Flops(r.EvaluationFlops),
                ReportWriter.Flops(r.TotalFlops), r.Accuracy.ToString("P1"), r.BitsPerByte.ToString("F3"), $"{r.WallSeconds:F0} s");
        AnsiConsole.Write(table);
    }
}
