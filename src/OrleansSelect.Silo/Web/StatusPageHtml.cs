using System.Globalization;
using System.Net;
using System.Text;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.Reports;
using OrleansSelect.Silo.Plots;
using OrleansSelect.Silo.Sweeps;

namespace OrleansSelect.Silo.Web;

/// <summary>
/// The status page as one self-contained HTML document (inline style, no scripts, nothing fetched
/// from elsewhere), so it works on a machine without internet access.
/// </summary>
public static class StatusPageHtml
{
    private const string Style = """
        body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em 2em; color: #222; }
        h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ccc; }
        h3 { margin: 1.2em 0 0.3em; }
        table { border-collapse: collapse; margin: 0.4em 0 0.8em; }
        th, td { border: 1px solid #ddd; padding: 3px 9px; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        th { background: #f2f4f7; }
        .bar { display: inline-block; width: 220px; height: 10px; background: #e7eaf0; vertical-align: middle; }
        .bar span { display: block; height: 100%; background: #3b6fd8; }
        .muted { color: #777; }
        .plot svg { max-width: 100%; height: auto; border: 1px solid #eee; }
        nav a { margin-right: 1em; }
        """;

    public static string Render(StatusSnapshot snapshot, DateTimeOffset now)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>OrleansSelect status</title><style>")
            .Append(Style).Append("</style></head><body>");
        html.Append("<h1>OrleansSelect</h1>")
            .Append($"<p class=\"muted\">as of {E(now.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))}</p>")
            .Append($"<nav><a href=\"{SiloWeb.DashboardPath}/\">Orleans Dashboard</a><a href=\"/metrics\">metrics</a><a href=\"/ready\">readiness</a></nav>");
        Budgets(html, snapshot.Budgets);
        Selections(html, snapshot.Selections);
        TrainingRuns(html, snapshot.TrainingRuns);
        Sweeps(html, snapshot.Sweeps);
        return html.Append("</body></html>").ToString();
    }

    private static void Budgets(StringBuilder html, IReadOnlyList<BudgetView> budgets)
    {
        html.Append($"<h2>Budgets ({budgets.Count})</h2>");
        if (budgets.Count == 0) html.Append("<p class=\"muted\">none yet</p>");
        foreach (var b in budgets)
        {
            double used = b.TotalFlops > 0 ? (b.SpentFlops + b.ReservedFlops) / b.TotalFlops : 0;
            html.Append($"<h3 id=\"budget-{E(b.Name)}\">{E(b.Name)}</h3>")
                .Append("<table><tr><th>total FLOPs</th><th>spent</th><th>reserved</th><th>remaining</th><th>open reservations</th><th>used</th></tr>")
                .Append($"<tr><td>{F(b.TotalFlops)}</td><td>{F(b.SpentFlops)}</td><td>{F(b.ReservedFlops)}</td><td>{F(b.RemainingFlops)}</td>")
                .Append($"<td>{b.OpenReservations}</td><td><span class=\"bar\"><span style=\"width:{Math.Clamp(used, 0, 1) * 100:0.#}%\"></span></span> {Percent(used)}</td></tr></table>");
            Ledger(html, "category", b.ByCategory);
            Ledger(html, "method", b.ByMethod);
        }
    }

    private static void Ledger(StringBuilder html, string by, IReadOnlyList<BudgetLineView> lines)
    {
        if (lines.Count == 0) return;
        html.Append($"<table><tr><th>by {by}</th><th>spent FLOPs</th><th>reserved FLOPs</th></tr>");
        foreach (var line in lines)
            html.Append($"<tr><td>{E(line.Name)}</td><td>{F(line.SpentFlops)}</td><td>{F(line.ReservedFlops)}</td></tr>");
        html.Append("</table>");
    }

    private static void Selections(StringBuilder html, IReadOnlyList<StatusSnapshot.Selection> selections)
    {
        html.Append($"<h2>Selections ({selections.Count})</h2>");
        if (selections.Count == 0) { html.Append("<p class=\"muted\">none yet</p>"); return; }
        html.Append("<table><tr><th>selection</th><th>method</th><th>pool</th><th>target</th><th>budget</th><th>selected</th><th>of pool</th>")
            .Append("<th>tokens</th><th>selection FLOPs</th><th>shards scored / cached</th><th>wall time</th></tr>");
        foreach (var s in selections)
        {
            if (s.Manifest is not { } m)
            {
                html.Append($"<tr><td>{E(s.Id)}</td><td colspan=\"10\" class=\"muted\">{Running(s.Progress)}</td></tr>");
                continue;
            }
            html.Append($"<tr><td>{E(s.Id)}</td><td>{E(m.Request.Method)}</td><td>{E(m.Request.PoolName)}</td><td>{E(Path.GetFileName(m.Request.TargetDirectory.TrimEnd('/')))}</td>")
                .Append($"<td>{E(m.Request.BudgetName)}</td><td>{N(m.SelectedCount)}</td><td>{N(m.PoolExampleCount)}</td><td>{N(m.SelectedTokens)}</td>")
                .Append($"<td>{F(m.SelectionFlops)}</td><td>{m.ShardsScored} / {m.ShardsFromCache}</td><td>{Wall(m.WallTime)}</td></tr>");
        }
        html.Append("</table>");
    }

    private static void TrainingRuns(StringBuilder html, IReadOnlyList<StatusSnapshot.TrainingRun> runs)
    {
        html.Append($"<h2>Training runs ({runs.Count})</h2>");
        if (runs.Count == 0) { html.Append("<p class=\"muted\">none yet</p>"); return; }
        html.Append("<table><tr><th>run</th><th>selection</th><th>size</th><th>accuracy (calibrated)</th><th>accuracy (raw)</th><th>bits/byte</th>")
            .Append("<th>final loss</th><th>tokens</th><th>train FLOPs</th><th>eval FLOPs</th><th>wall time</th></tr>");
        foreach (var r in runs)
        {
            if (r.Result is not { } t)
            {
                html.Append($"<tr><td>{E(r.Id)}</td><td colspan=\"10\" class=\"muted\">{Running(r.Progress)}</td></tr>");
                continue;
            }
            html.Append($"<tr><td>{E(r.Id)}</td><td>{E(t.Request.SelectionId)}</td><td>{E(t.Request.SizeName)}</td><td>{Percent(t.Accuracy)}</td>")
                .Append($"<td>{Percent(t.RawAccuracy)}</td><td>{Number(t.BitsPerByte, "0.000")}</td><td>{Number(t.FinalLoss, "0.000")}</td><td>{N(t.TrainTokens)}</td>")
                .Append($"<td>{F(t.TrainFlops)}</td><td>{F(t.EvalFlops)}</td><td>{Wall(t.WallTime)}</td></tr>");
        }
        html.Append("</table>");
    }

    private static void Sweeps(StringBuilder html, IReadOnlyList<StatusSnapshot.Sweep> sweeps)
    {
        html.Append($"<h2>Sweeps ({sweeps.Count})</h2>");
        if (sweeps.Count == 0) { html.Append("<p class=\"muted\">none yet</p>"); return; }
        html.Append("<table><tr><th>sweep</th><th>state</th><th>runs done</th><th>running</th><th>failed</th><th>left</th><th>FLOPs charged</th><th>ETA</th><th>done</th></tr>");
        foreach (var (s, _) in sweeps)
        {
            var progress = SweepGrain.Progress(s);
            double done = s.Total > 0 ? (double)(s.Done + s.Failed) / s.Total : 0;
            html.Append($"<tr><td><a href=\"#sweep-{E(s.Name)}\">{E(s.Name)}</a></td><td>{(s.Running ? "running" : progress.Left == 0 ? "finished" : "stopped")}</td>")
                .Append($"<td>{N(s.Done)} of {N(s.Total)}</td><td>{N(s.InFlight)}</td><td>{N(s.Failed)}</td><td>{N(progress.Left)}</td><td>{F(s.ChargedFlops)}</td>")
                .Append($"<td>{(s.Running ? E(progress.EtaText) : "—")}</td><td><span class=\"bar\"><span style=\"width:{done * 100:0.#}%\"></span></span> {Percent(done)}</td></tr>");
        }
        html.Append("</table>");
        foreach (var (s, runs) in sweeps)
        {
            html.Append($"<h3 id=\"sweep-{E(s.Name)}\">{E(s.Name)}</h3>");
            foreach (var error in s.Errors)
                html.Append($"<p class=\"muted\">error: {E(error)}</p>");
            if (runs.Count == 0) { html.Append("<p class=\"muted\">no run finished yet</p>"); continue; }
            // The frontier plot inline (SVG has no outside references), so the page stays one document.
            foreach (var (name, plot) in SweepPlots.Frontiers(runs))
                html.Append($"<div class=\"plot\" id=\"sweep-{E(s.Name)}-{E(name)}\">")
                    .Append(InlineSvg(plot.GetSvgXml(PlotFiles.Width, PlotFiles.Height))).Append("</div>");
        }
    }

    // An SVG document's XML declaration is not allowed inside HTML.
    private static string InlineSvg(string svg) => svg.StartsWith("<?xml", StringComparison.Ordinal) ? svg[(svg.IndexOf("?>", StringComparison.Ordinal) + 2)..].TrimStart() : svg;

    private static string Running(JobProgress p) => p.Phase == JobProgress.NotStarted
        ? "not finished (not running on the silos now)"
        : E($"{p.Phase}: {p.Done:0.##} of {p.Total:0.##} {p.Detail}");

    private static string E(string text) => WebUtility.HtmlEncode(text);
    private static string F(double flops) => ReportWriter.Flops(flops);
    private static string N(long count) => count.ToString("N0", CultureInfo.InvariantCulture);
    private static string Number(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "—";
    private static string Percent(double fraction) => double.IsFinite(fraction) ? fraction.ToString("0.0%", CultureInfo.InvariantCulture) : "—";
    private static string Wall(TimeSpan wall) => wall.ToString(wall.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);
}
