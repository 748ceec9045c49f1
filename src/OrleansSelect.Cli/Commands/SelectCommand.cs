using System.CommandLine;
using OrleansSelect.Abstractions;
using OrleansSelect.Cli.Console;
using OrleansSelect.Core;
using OrleansSelect.Core.Reports;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Core.Selection.Export;
using OrleansSelect.Grains.Selection;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Workflows;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>`select`: score a pool against a target with a method and keep the top examples.</summary>
public static class SelectCommand
{
    public static Command Create()
    {
        // Not required: `select --id X --out F` writes a finished selection without naming its inputs again.
        var pool = new Option<string?>("--pool") { Description = "The ingested pool's name" };
        var target = new Option<string?>("--target") { Description = "The target's folder (reference.jsonl, test.jsonl, target.json)" };
        var methods = SelectionMethodRegistration.BuiltIn();
        var method = new Option<string>("--method")
        {
            Description = "Selection method:" + string.Concat(methods.All.Select(m =>
                $"\n  {m.Name}{(m.Embedder is null ? "" : $" (--embedder {m.Embedder})")}: {m.Description}")),
            DefaultValueFactory = _ => "bm25",
        };
        var embedder = new Option<string>("--embedder")
        {
            Description = $"The embedder of a method that embeds (embed): {string.Join(", ", methods.All.Where(m => m.Embedder is not null).Select(m => m.Embedder))}",
            DefaultValueFactory = _ => SelectionMethods.DefaultEmbedder,
        };
        var fraction = new Option<double?>("--fraction") { Description = "Keep this fraction of the pool's examples, in (0, 1]" };
        var tokens = new Option<long?>("--tokens") { Description = "Keep the top examples up to this many training tokens" }.Positive();
        var budget = new Option<string?>("--budget") { Description = "The budget to charge (create it with `budget create`)" };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var size = new Option<string>("--size") { Description = "Model size whose tokenizer counts tokens", DefaultValueFactory = _ => "small" };
        var selector = new Option<string>("--selector")
        {
            Description = $"Selector model size of a model-based method ({string.Join(", ", methods.All.Where(m => m.NeedsSelector).Select(m => m.Name).Distinct())}); its pretrained base is what it scores with",
            DefaultValueFactory = _ => "nano",
        };
        var amortise = new Option<bool>("--amortise")
        {
            Description = "Share scores computed earlier for another budget instead of charging them again here as reused (the ledger shows an amortised line)",
        };
        var id = new Option<string?>("--id") { Description = "Selection id (default: derived from the settings, so a rerun resumes)" };
        var output = new Option<string?>("--out")
        {
            Description = "Write the selected examples (id, prompt, response, source, task, score, rank) in training order to this .jsonl or .parquet file; with --id alone, writes a finished selection",
        };
        var gradient = new GradientOptions();
        var command = new Command("select", "Select training data for a target") { pool, target, method, embedder, fraction, tokens, budget, seed, size, selector, amortise, id, output };
        foreach (var option in gradient.All)
            command.Options.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            // A path that cannot be written is refused before a silo starts, so before anything is reserved.
            if (parse.GetValue(output) is { } outPath)
                SelectionFilePath.Check(outPath);
            if (parse.GetValue(pool) is null && parse.GetValue(target) is null && parse.GetValue(budget) is null && parse.GetValue(id) is { } existingId)
                return await WriteFinished(parse, existingId, parse.GetValue(output), ct);
            if (parse.GetValue(pool) is null || parse.GetValue(target) is null || parse.GetValue(budget) is null)
                throw new UserInputException("give --pool, --target and --budget to run a selection, or only --id of a finished selection (with --out to write it)");
            // An unknown method or embedder, or a setting the method refuses, is one sentence before a silo starts.
            var settings = gradient.Given(parse).Canonical;
            var chosen = methods.Get(parse.GetValue(method)!, parse.GetValue(embedder)!, settings);
            if (parse.GetValue(fraction) is null == parse.GetValue(tokens) is null)
                throw new UserInputException("give exactly one of --fraction and --tokens");
            // `train` names its report after the selection id.
            if (parse.GetValue(id) is { } givenId)
                ReportWriter.RequirePlainName(givenId, "--id");
            var targetDirectory = Path.GetFullPath(parse.GetValue(target)!);
            var request = new SelectionRequest(parse.GetValue(pool)!, parse.GetValue(method)!, targetDirectory,
                new SelectionTarget(parse.GetValue(fraction), parse.GetValue(tokens)), parse.GetValue(seed),
                parse.GetValue(budget)!, chosen.NeedsSelector ? parse.GetValue(selector)! : "none", parse.GetValue(size)!, parse.GetValue(embedder)!, parse.GetValue(amortise), settings);
            var selectionId = parse.GetValue(id)
                ?? $"{request.PoolName}-{request.Method}{(chosen.Embedder is { } e ? $"-{e}" : "")}{(chosen.NeedsSelector ? $"-{request.Selector}" : "")}-{Path.GetFileName(targetDirectory)}-{(request.Target.Fraction is { } f ? $"f{f}" : $"t{request.Target.MaxTokens}")}-s{request.Seed}{IdPart(settings)}";

            await using var silo = await SiloSession.StartAsync(parse, ct);
            var grain = silo.Grains.GetGrain<ISelectionGrain>(selectionId);
            var manifest = await ProgressDisplay.RunAsync("select", report => JobPolling.WaitAsync(() => grain.Run(request), grain.GetProgress, p => report("", p), ct));
            AnsiConsole.MarkupLineInterpolated(
                $"selection [bold]{manifest.SelectionId}[/]: {manifest.SelectedCount:N0} of {manifest.PoolExampleCount:N0} examples, {manifest.SelectedTokens:N0} tokens; scoring cost {ReportWriter.Flops(manifest.SelectionFlops)} FLOPs ({manifest.ShardsScored} shards scored, {manifest.ShardsFromCache} from cache)");
            if (manifest.ReusedFlops > 0)
                AnsiConsole.MarkupLineInterpolated(
                    $"  {ReportWriter.Flops(manifest.ReusedFlops)} FLOPs of it were computed for another budget: {(request.Amortise ? "shared, not charged here (--amortise)" : "charged here as reused")}");
            foreach (var c in await SelectionParts.FirstAsync(silo.Grains, manifest, 5, ct))
                AnsiConsole.MarkupLineInterpolated($"  {c.Score,10:F4}  {c.ExampleId}");
            if (parse.GetValue(output) is { } written)
                await Write(silo.Grains, manifest, written, ct);
            return 0;
        });
        return command;
    }

    /// <summary>Given settings in a derived id ("-warmup-epochs2"), so selections that differ only in them do not collide.</summary>
    private static string IdPart(string settings) =>
        settings.Length == 0 ? "" : "-" + settings.Replace("=", "").Replace(';', '-');

    private static async Task<int> WriteFinished(ParseResult parse, string selectionId, string? outPath, CancellationToken ct)
    {
        await using var silo = await SiloSession.StartAsync(parse, ct);
        var manifest = await silo.Grains.GetGrain<ISelectionGrain>(selectionId).GetManifest()
            ?? throw new UserInputException($"no finished selection named '{selectionId}'; give --pool, --target and --budget to run it");
        AnsiConsole.MarkupLineInterpolated(
            $"selection [bold]{manifest.SelectionId}[/]: {manifest.SelectedCount:N0} of {manifest.PoolExampleCount:N0} examples, {manifest.SelectedTokens:N0} tokens");
        if (outPath is not null)
            await Write(silo.Grains, manifest, outPath, ct);
        return 0;
    }

    private static async Task Write(IGrainFactory grains, SelectionManifest manifest, string path, CancellationToken ct)
    {
        long count = await SelectionExport.WriteAsync(grains, manifest, path, ct: ct);
        AnsiConsole.MarkupLineInterpolated($"wrote {count:N0} examples in training order to {Path.GetFullPath(path)}");
    }
}
