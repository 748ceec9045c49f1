using System.CommandLine;
using OrleansSelect.Abstractions;
using OrleansSelect.Cli.Console;
using OrleansSelect.Core;
using OrleansSelect.Core.Reports;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Workflows;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>`select`: score a pool against a target with a method and keep the top examples.</summary>
public static class SelectCommand
{
    public static Command Create()
    {
        var pool = CommonOptions.Required("--pool", "The ingested pool's name");
        var target = CommonOptions.Required("--target", "The target's folder (reference.jsonl, test.jsonl, target.json)");
        var method = new Option<string>("--method") { Description = "Selection method: random or bm25", DefaultValueFactory = _ => "bm25" };
        var fraction = new Option<double?>("--fraction") { Description = "Keep this fraction of the pool's examples, in (0, 1]" };
        var tokens = new Option<long?>("--tokens") { Description = "Keep the top examples up to this many training tokens" }.Positive();
        var budget = CommonOptions.Required("--budget", "The budget to charge (create it with `budget create`)");
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var size = new Option<string>("--size") { Description = "Model size whose tokenizer counts tokens", DefaultValueFactory = _ => "small" };
        var id = new Option<string?>("--id") { Description = "Selection id (default: derived from the settings, so a rerun resumes)" };
        var command = new Command("select", "Select training data for a target") { pool, target, method, fraction, tokens, budget, seed, size, id };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(fraction) is null == parse.GetValue(tokens) is null)
                throw new UserInputException("give exactly one of --fraction and --tokens");
            // `train` names its report after the selection id.
            if (parse.GetValue(id) is { } givenId)
                ReportWriter.RequirePlainName(givenId, "--id");
            var targetDirectory = Path.GetFullPath(parse.GetValue(target)!);
            var request = new SelectionRequest(parse.GetValue(pool)!, parse.GetValue(method)!, targetDirectory,
                new SelectionTarget(parse.GetValue(fraction), parse.GetValue(tokens)), parse.GetValue(seed),
                parse.GetValue(budget)!, "none", parse.GetValue(size)!);
            var selectionId = parse.GetValue(id)
                ?? $"{request.PoolName}-{request.Method}-{Path.GetFileName(targetDirectory)}-{(request.Target.Fraction is { } f ? $"f{f}" : $"t{request.Target.MaxTokens}")}-s{request.Seed}";

            await using var silo = await SiloSession.StartAsync(parse, ct);
            var grain = silo.Grains.GetGrain<ISelectionGrain>(selectionId);
            var manifest = await ProgressDisplay.RunAsync("select", report => JobPolling.WaitAsync(() => grain.Run(request), grain.GetProgress, p => report("", p), ct));
            AnsiConsole.MarkupLineInterpolated(
                $"selection [bold]{manifest.SelectionId}[/]: {manifest.Selected.Count:N0} of {manifest.PoolExampleCount:N0} examples, {manifest.SelectedTokens:N0} tokens; scoring cost {ReportWriter.Flops(manifest.SelectionFlops)} FLOPs ({manifest.ShardsScored} shards scored, {manifest.ShardsFromCache} from cache)");
            foreach (var c in manifest.Selected.Take(5))
                AnsiConsole.MarkupLineInterpolated($"  {c.Score,10:F4}  {c.ExampleId}");
            return 0;
        });
        return command;
    }
}
