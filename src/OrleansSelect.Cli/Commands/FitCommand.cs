using System.CommandLine;
using System.Globalization;
using OrleansSelect.Silo.Plots;
using OrleansSelect.Core;
using OrleansSelect.Core.Analysis;
using OrleansSelect.Core.Reports;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>
/// `fit`: the paper's utility curve per method from a sweep's results table (or from published
/// method/flops/score points), printed as a table, written as JSON for the planner, and plotted.
/// </summary>
public static class FitCommand
{
    public static Command Create()
    {
        var results = new Option<string>("--results") { Description = "Sweep results (.csv or .parquet), or a CSV with the columns method, flops, score", Required = true };
        var cD = new Option<double?>("--c-d") { Description = "FLOPs of training on the whole pool (default: from fraction-1 runs, or the FLOP model)" };
        var pBar = new Option<double?>("--p-bar") { Description = "Full-data score P̄ (default: mean accuracy of fraction-1 runs)" };
        var output = new Option<string?>("--out") { Description = "Write the fits as JSON to this file (for the planner)" };
        var plotDirectory = new Option<string?>("--plot") { Description = "Write a PNG and an SVG per target and training size into this folder" };
        var command = new Command("fit", "Fit P(C) = (P̄ − P₀)(1 − exp(−λC/C_D)) + P₀ per method to sweep results") { results, cD, pBar, output, plotDirectory };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(results)!;
            var settings = new FitSettings(parse.GetValue(cD), parse.GetValue(pBar));
            settings.Validate();
            (string Setting, string Method, double Flops, double Score)[] points;
            IReadOnlyList<FitOutcome> outcomes;
            if (FitInput.IsPublishedPoints(path))
            {
                var published = PublishedPoint.ReadCsv(path);
                points = published.Select(p => (Setting: "", p.Method, p.Flops, p.Score)).ToArray();
                outcomes = points.Length == 0 ? [] : SweepFits.FromPublishedPoints(published, settings);
            }
            else
            {
                var runs = await RunResultFile.ReadAsync(path, ct);
                points = FitPlot.Points(runs);
                outcomes = points.Length == 0 ? [] : SweepFits.FromRuns(runs, settings);
            }
            if (points.Length == 0)
                throw new UserInputException($"{path} holds a header but no runs to fit.");

            Show(outcomes);
            var fits = outcomes.OfType<FitSucceeded>().Select(s => s.Fit).ToArray();
            if (fits.Length == 0)
                throw new UserInputException($"No curve could be fitted from {path}; the reasons are in the table above.");
            if (parse.GetValue(output) is { } outPath)
            {
                FitFile.Write(outPath, outcomes);
                AnsiConsole.MarkupLineInterpolated($"fits written to {outPath}");
            }
            if (parse.GetValue(plotDirectory) is { } directory)
                foreach (var files in FitPlot.WritePerSetting(directory, points, fits))
                    AnsiConsole.MarkupLineInterpolated($"plot written to {string.Join(" and ", files)}");
            return 0;
        });
        return command;
    }

    private static void Show(IReadOnlyList<FitOutcome> outcomes)
    {
        var table = new Table().AddColumns("curve", "points", "P̄", "C_D", "P₀ ± se", "λ ± se", "R²", "note");
        foreach (var outcome in outcomes)
            switch (outcome)
            {
                case FitSucceeded { Fit: var f }:
                    table.AddRow(Markup.Escape(f.Key.ToString()), f.Points.ToString(CultureInfo.InvariantCulture),
                        Number(f.FullDataScore), ReportWriter.Flops(f.FullDataFlops),
                        $"{Number(f.P0)} ± {Number(f.P0StandardError)}", $"{Number(f.Lambda)} ± {Number(f.LambdaStandardError)}",
                        Number(f.RSquared), "");
                    break;
                case FitFailed failed:
                    table.AddRow(Markup.Escape(failed.Key.ToString()), failed.Points.ToString(CultureInfo.InvariantCulture), "", "", "", "", "",
                        Markup.Escape("not fitted: " + failed.Reason));
                    break;
            }
        AnsiConsole.Write(table);
    }

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("G4", CultureInfo.InvariantCulture) : "n/a";
}
