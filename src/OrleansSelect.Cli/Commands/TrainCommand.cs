using System.CommandLine;
using OrleansSelect.Abstractions;
using OrleansSelect.Cli.Console;
using OrleansSelect.Core;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Reports;
using OrleansSelect.Models;
using OrleansSelect.Models.Pretraining;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Workflows;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>`train`: finetune a model on a finished selection within a budget, evaluate it, and write a report.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var selection = CommonOptions.Required("--selection", "The selection id printed by `select`");
        var target = CommonOptions.Required("--target", "The target's folder, for the test set");
        var budget = CommonOptions.Required("--budget", "The budget to charge");
        var size = new Option<string>("--size") { Description = "Model size", DefaultValueFactory = _ => "small" };
        var maxFlops = new Option<double?>("--max-flops") { Description = "Training FLOP cap (default: what the budget has left, less evaluation)" }.Positive();
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 1 }.Positive();
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var baseCheckpoint = new Option<string?>("--base")
        {
            Description = "Start from: 'pretrained' (the size's base from `model pretrain`) or a checkpoint path (default: random initialisation)",
        };
        var reports = new Option<string>("--reports") { DefaultValueFactory = _ => AppPaths.DefaultReportDirectory };
        var command = new Command("train", "Finetune on a selection and evaluate on the target")
            { selection, target, budget, size, maxFlops, epochs, seed, baseCheckpoint, reports };
        command.SetAction(async (parse, ct) =>
        {
            // The report is named after the run, so its parts must keep it inside the reports folder.
            ReportWriter.RequirePlainName(parse.GetValue(selection)!, "--selection");
            var runId = $"{parse.GetValue(selection)}-{parse.GetValue(size)}-s{parse.GetValue(seed)}";
            ReportWriter.RequirePlainName(runId, "the run id");
            var targetDirectory = Path.GetFullPath(parse.GetValue(target)!);
            var task = TargetTaskStore.Load(targetDirectory);
            await using var silo = await SiloSession.StartAsync(parse, ct);
            var budgetGrain = silo.Grains.GetGrain<IBudgetGrain>(parse.GetValue(budget)!);
            if (!await budgetGrain.Exists())
                throw new UserInputException($"no budget named '{parse.GetValue(budget)}' exists; create it with `orleansselect budget create`");
            var trainer = silo.Grains.GetGrain<ITrainerGrain>(runId);
            double cap = parse.GetValue(maxFlops)
                ?? await TrainingCap.ResolveAsync(trainer, budgetGrain, parse.GetValue(budget)!, TargetFinetuner.EstimateEvalFlops(parse.GetValue(size)!, task));

            var basePath = parse.GetValue(baseCheckpoint) switch
            {
                null => null,
                "pretrained" => BaseCheckpoint.Pretrained(AppPaths.DefaultModelDirectory, parse.GetValue(size)!),
                var path => BaseCheckpoint.FromFile(path),
            };
            var request = new TrainingRequest(parse.GetValue(selection)!, parse.GetValue(size)!, basePath,
                targetDirectory, parse.GetValue(budget)!, cap, parse.GetValue(epochs), parse.GetValue(seed));
            var result = await ProgressDisplay.RunAsync("train", report => JobPolling.WaitAsync(() => trainer.Train(request), trainer.GetProgress, p => report("", p), ct));
            var manifest = (await silo.Grains.GetGrain<ISelectionGrain>(request.SelectionId).GetManifest())!;

            var run = RunReports.From(runId, task.Name, manifest, result, await budgetGrain.GetStatus());
            var (json, md) = ReportWriter.Write(parse.GetValue(reports)!, runId, $"training run {runId}", [run]);
            ReportTable.Show([run]);
            AnsiConsole.MarkupLineInterpolated($"report: {json} and {md}");
            return 0;
        });
        return command;
    }
}
