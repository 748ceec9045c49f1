using System.CommandLine;
using OrleansSelect.Abstractions;
using OrleansSelect.Cli.Console;
using OrleansSelect.Silo.Plots;
using OrleansSelect.Core;
using OrleansSelect.Core.Analysis;
using OrleansSelect.Core.Sweeps;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Sweeps;
using OrleansSelect.Silo.Workflows;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>
/// `sweep run FILE` runs a grid of experiments over the cluster (resumable: run it again after a
/// crash); `sweep status NAME` shows its progress from another terminal; `sweep results NAME`
/// writes its results table; `sweep plot NAME` its fits and cost breakdown.
/// </summary>
public static class SweepCommands
{
    public static Command Create()
    {
        var command = new Command("sweep", "Run a grid of experiments over the cluster and read its results");
        command.Subcommands.Add(RunCommand());
        command.Subcommands.Add(StatusCommand());
        command.Subcommands.Add(ResultsCommand());
        command.Subcommands.Add(PlotCommand());
        return command;
    }

    private static Command RunCommand()
    {
        var file = new Argument<string>("FILE") { Description = "Sweep spec (YAML or JSON), e.g. sweeps/example.yaml" };
        var command = new Command("run", "Run a sweep; run it again to resume one that stopped") { file };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var spec = SweepSpecFile.Read(path);
            spec.Validate(SelectionMethodRegistration.BuiltIn().Names, path);
            long runs = new SweepGrid(spec).Count;

            await using var silo = await SiloSession.StartAsync(parse, ct);
            if (spec.PoolFile is { } poolFile)
                await StatusLine.RunAsync($"ingesting the pool {spec.Pool}", _ =>
                    PoolIngestion.IngestAsync(silo.Grains, spec.Pool, poolFile, PoolIngestion.DefaultTokensPerShard, ct));
            await StatusLine.RunAsync($"estimating every run's cost", async _ =>
            {
                await SweepCostCheck.CheckAsync(silo.Grains, spec, path);
                return true;
            });
            AnsiConsole.MarkupLineInterpolated($"sweep {spec.Name}: {runs} runs, {Core.Reports.ReportWriter.Flops(spec.RunBudget((int)runs))} FLOPs each");

            var sweep = silo.Grains.GetGrain<ISweepGrain>(spec.Name);
            var json = SweepSpecFile.ToJson(spec);
            var view = await ProgressDisplay.RunAsync(spec.Name, report =>
                JobPolling.WaitAsync(() => sweep.Run(json), sweep.GetProgress, p => report("runs", p), ct));
            Show(view);
            if (view.Failed > 0)
                throw new UserInputException($"{view.Failed} of the sweep's {view.Total} runs failed (reasons above); run `orleansselect sweep run {path}` again to retry them.");
            return 0;
        });
        return command;
    }

    private static Command StatusCommand()
    {
        var name = new Argument<string>("NAME") { Description = "The sweep's name (name: in its spec)" };
        var command = new Command("status", "Show a sweep's runs done, running and left, FLOPs spent and ETA") { name };
        command.SetAction(async (parse, ct) =>
        {
            await using var silo = await SiloSession.StartAsync(parse, ct);
            await Existing(silo.Grains, parse.GetValue(name)!);
            return 0;
        });
        return command;
    }

    private static Command ResultsCommand()
    {
        var name = new Argument<string>("NAME") { Description = "The sweep's name" };
        var output = new Option<string>("--out") { Description = "Results table to write (.csv or .parquet), one run a row", Required = true };
        var command = new Command("results", "Write a sweep's finished runs as a results table (the input of `fit`)") { name, output };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(output)!;
            RunResultFile.CheckOutput(path);
            await using var silo = await SiloSession.StartAsync(parse, ct);
            var rows = await Rows(silo.Grains, parse.GetValue(name)!);
            await RunResultFile.WriteAsync(path, rows, ct);
            AnsiConsole.MarkupLineInterpolated($"{rows.Count} runs written to {path}");
            return 0;
        });
        return command;
    }

    private static Command PlotCommand()
    {
        var name = new Argument<string>("NAME") { Description = "The sweep's name" };
        var output = new Option<string>("--out") { Description = "Folder for the PNG and SVG plots", DefaultValueFactory = _ => "plots" };
        var command = new Command("plot", "Plot a sweep: metric against total FLOPs per method with fitted curves and the frontier, and each method's cost breakdown") { name, output };
        command.SetAction(async (parse, ct) =>
        {
            await using var silo = await SiloSession.StartAsync(parse, ct);
            var sweepName = parse.GetValue(name)!;
            var rows = await Rows(silo.Grains, sweepName);
            var files = SweepPlots.Write(parse.GetValue(output)!, sweepName, rows);
            foreach (var f in files)
                AnsiConsole.MarkupLineInterpolated($"plot written to {f}");
            return 0;
        });
        return command;
    }

    private static async Task<IReadOnlyList<RunResult>> Rows(IGrainFactory grains, string name)
    {
        var records = await (await Existing(grains, name)).GetResults();
        if (records.Count == 0)
            throw new UserInputException($"Sweep '{name}' has no finished runs yet; `orleansselect sweep status {name}` shows where it stands.");
        return records.Select(SweepResults.ToRunResult).ToArray();
    }

    private static async Task<ISweepGrain> Existing(IGrainFactory grains, string name)
    {
        var sweep = grains.GetGrain<ISweepGrain>(name);
        Show(await sweep.GetStatus());
        return sweep;
    }

    private static void Show(SweepStatusView view)
    {
        if (!view.Exists)
            throw new UserInputException($"No sweep named '{view.Name}' has been run here; start it with `orleansselect sweep run FILE`.");
        AnsiConsole.MarkupLineInterpolated($"sweep {view.Name} ({(view.Running ? "running" : "not running")}): {SweepGrain.Progress(view)}");
        foreach (var error in view.Errors)
            AnsiConsole.MarkupLineInterpolated($"[red]failed:[/] {error}");
    }
}
