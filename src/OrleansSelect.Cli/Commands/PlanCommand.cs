using System.CommandLine;
using System.Globalization;
using OrleansSelect.Abstractions;
using OrleansSelect.Cli.Console;
using OrleansSelect.Core;
using OrleansSelect.Core.Analysis;
using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Reports;
using OrleansSelect.Grains.Pool;
using OrleansSelect.Models;
using OrleansSelect.Silo.Workflows;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>
/// `plan`: with this budget and these models, which method and how much data. Ranks every fitted
/// method by the score its curve expects at the budget (SelectionPlanner), priced on the pool's
/// real token count; `--execute` runs the best plan through the experiment loop, its budget
/// enforced by the budget grain, and shows the prediction next to the measurement.
/// </summary>
public static class PlanCommand
{
    /// <summary>The project's reference fits, shipped beside the program when a reference sweep has made them.</summary>
    public static string ReferenceFitsPath => Path.Combine(AppContext.BaseDirectory, "reference-fits.json");

    public static Command Create()
    {
        var budget = new Option<double>("--budget") { Description = "FLOPs for selection and training", Required = true }.Positive();
        var trainSize = new Option<string?>("--train-size") { Description = $"Size of the model to train: {string.Join(", ", ModelCatalog.ExperimentNames)}" };
        var trainParams = new Option<double?>("--train-params") { Description = "Or its parameter count (the closest size is planned for)" }.Positive();
        var selectorSize = new Option<string>("--selector-size") { Description = "Size of the selector model (methods without one fit any)", Required = true };
        var pool = new Option<string>("--pool") { Description = "Name of the ingested pool", Required = true };
        var target = new Option<string>("--target") { Description = "Built target folder", Required = true };
        var fits = new Option<string?>("--fits") { Description = "Fits JSON written by `fit --out` (default: the project's reference fits)" };
        var methods = new Option<string[]>("--method") { Description = "Consider only this method (repeatable)", AllowMultipleArgumentsPerToken = true };
        var execute = new Option<bool>("--execute") { Description = "Run the best plan and print predicted next to measured" };
        var baseModel = new Option<string?>("--base") { Description = "With --execute: a base checkpoint to finetune (default: random weights)" };
        var command = new Command("plan", "Recommend a selection method, fraction and budget split from fitted utility curves")
            { budget, trainSize, trainParams, selectorSize, pool, target, fits, methods, execute, baseModel };
        command.SetAction(async (parse, ct) =>
        {
            var shape = TrainingSizeChoice.Resolve(parse.GetValue(trainSize), parse.GetValue(trainParams));
            var selector = parse.GetValue(selectorSize)!;
            ModelCatalog.Get(selector);
            var fitsPath = parse.GetValue(fits) ?? (File.Exists(ReferenceFitsPath) ? ReferenceFitsPath
                : throw new UserInputException(
                    "No --fits was given and this build ships no reference fits; make one with `orleansselect sweep run sweeps/example.yaml`, " +
                    "`orleansselect sweep results example --out results.csv` and `orleansselect fit --results results.csv --out fits.json`, then pass --fits fits.json."));
            var fitted = FitFile.Read(fitsPath);
            var targetDirectory = parse.GetValue(target)!;
            var task = TargetTaskStore.Load(targetDirectory);
            // Before the pool's tokens are counted under a tokenizer that a size without fits may not even have.
            if (!fitted.Any(f => f.Key.Target == task.Name && f.Key.TrainingSize == shape.Name))
                throw new UserInputException(
                    $"No fit covers training size '{shape.Name}' on target '{task.Name}'; run a sweep with training_sizes: [{shape.Name}] on that target over several fractions " +
                    "(and one at fraction 1.0 for the full-data score), then `orleansselect sweep results NAME --out results.csv` and `orleansselect fit --results results.csv --out fits.json`.");
            double flops = parse.GetValue(budget);
            var asked = parse.GetValue(methods) ?? [];

            await using var silo = await SiloSession.StartAsync(parse, ct);
            var poolName = parse.GetValue(pool)!;
            var poolView = await silo.Grains.GetGrain<IPoolGrain>(poolName).Get()
                ?? throw new UserInputException($"No pool named '{poolName}' has been ingested; run `orleansselect ingest` first.");
            long poolTokens = await PoolTokens.CountAsync(silo.Grains, poolView, shape.Name);
            var plans = SelectionPlanner.Plan(new PlanRequest(flops, task.Name, shape, selector, poolTokens, asked), fitted);
            Show(plans, flops, shape.Name, poolTokens);

            if (!parse.GetValue(execute))
                return 0;
            var best = plans[0];
            // The planner splits the budget between selection and training; evaluation comes on top.
            double evaluation = TargetFinetuner.EstimateEvalFlops(shape.Name, task);
            var runId = string.Create(CultureInfo.InvariantCulture, $"plan-{task.Name}-{best.Method}-{shape.Name}-{selector}-b{flops:0.###e+0}");
            var spec = new ExperimentSpec(runId, poolName, targetDirectory, best.Method, runId, flops + evaluation, shape.Name,
                Fraction: best.Fraction, BaseCheckpointPath: parse.GetValue(baseModel),
                Selector: best.SelectorSize.Length == 0 ? ExperimentSpec.NoSelector : best.SelectorSize);
            AnsiConsole.MarkupLineInterpolated($"running the plan as {runId} with a budget of {ReportWriter.Flops(spec.BudgetFlops)} FLOPs (evaluation's {ReportWriter.Flops(evaluation)} added)");
            var report = await ProgressDisplay.RunAsync(best.Method, r => ExperimentRunner.RunAsync(silo.Grains, spec, r, ct));
            var table = new Table().AddColumns("", "predicted", "measured");
            table.AddRow("accuracy", $"{best.ExpectedScore:F3} ± {best.ScoreStandardError:F3}", report.Accuracy.ToString("F3", CultureInfo.InvariantCulture));
            table.AddRow("selection FLOPs", ReportWriter.Flops(best.SelectionFlops), ReportWriter.Flops(report.SelectionFlops));
            table.AddRow("training FLOPs", ReportWriter.Flops(best.TrainingFlops), ReportWriter.Flops(report.TrainingFlops));
            table.AddRow("tokens trained on", $"{best.Fraction * poolTokens:N0}", $"{report.SelectedTokens:N0}");
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static void Show(IReadOnlyList<SelectionPlan> plans, double budget, string size, long poolTokens)
    {
        var best = plans[0];
        AnsiConsole.MarkupLineInterpolated(
            $"with {ReportWriter.Flops(budget)} FLOPs for {size} on a pool of {poolTokens:N0} tokens: {FitPlotLabel(best)} on {best.Fraction:P2} of the pool, expected accuracy {best.ExpectedScore:F3} ± {best.ScoreStandardError:F3}");
        var table = new Table().AddColumns("method", "fraction", "selection FLOPs", "training FLOPs", "expected accuracy", "fit points");
        foreach (var plan in plans)
            table.AddRow(Markup.Escape(FitPlotLabel(plan)), plan.Fraction.ToString("P2", CultureInfo.InvariantCulture), ReportWriter.Flops(plan.SelectionFlops),
                ReportWriter.Flops(plan.TrainingFlops), $"{plan.ExpectedScore:F3} ± {plan.ScoreStandardError:F3}", plan.Fit.Points.ToString(CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
    }

    private static string FitPlotLabel(SelectionPlan plan) => Silo.Plots.FitPlot.Label(plan.Fit.Key);
}
