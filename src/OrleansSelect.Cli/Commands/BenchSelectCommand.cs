using System.CommandLine;
using OrleansSelect.Abstractions;
using OrleansSelect.Cli.Console;
using OrleansSelect.Core;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Grains.Services;
using OrleansSelect.Models;
using OrleansSelect.Models.Benchmarking;
using OrleansSelect.Models.Pretraining;
using OrleansSelect.Silo.Workflows;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>
/// `bench select`: each method selects from the real pool through a fresh embedded silo, and the table
/// prints examples/s, tokens/s and wall time; model-based methods are set beside `bench model`'s
/// forward tokens/s for their selector.
/// </summary>
public static class BenchSelectCommand
{
    public static Command Create()
    {
        var target = new Option<string>("--target") { Description = "Target: a built domain's name (yelp, amazon, imdb) or a target folder", DefaultValueFactory = _ => "yelp" };
        var pool = new Option<string?>("--pool") { Description = "Pool file (default: the built target's pool.jsonl)" };
        var methodNames = new Option<string?>("--methods")
        {
            Description = "Comma-separated methods, an embedder after a slash (embed/minilm); default: every method, skipping model-based ones whose selector has no pretrained base",
        };
        var selector = new Option<string>("--selector") { Description = "Selector size of model-based methods", DefaultValueFactory = _ => "nano" };
        var fraction = new Option<double>("--fraction") { Description = "Fraction of the pool each method keeps", DefaultValueFactory = _ => 0.05 };
        var size = new Option<string>("--size") { Description = "Training size whose tokenizer counts the selection's tokens", DefaultValueFactory = _ => "small" };
        var command = new Command("select", "Examples/s, tokens/s and wall time of every selection method on the real pool, through the embedded silo")
            { target, pool, methodNames, selector, fraction, size };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(fraction) is not (> 0 and <= 1))
                throw new UserInputException($"--fraction must be in (0, 1], got {parse.GetValue(fraction)}");
            var targetDirectory = CommonOptions.TargetDirectory(parse, parse.GetValue(target)!);
            var poolPath = parse.GetValue(pool) ?? Path.Combine(targetDirectory, "pool.jsonl");
            if (!File.Exists(poolPath))
                throw new UserInputException($"the pool {poolPath} does not exist; run `orleansselect data build` first, or give --pool");
            var selectorSize = parse.GetValue(selector)!;
            var methods = Choose(parse.GetValue(methodNames), selectorSize);

            var (setup, rows) = await StatusLine.RunAsync($"benchmarking selection", status =>
                SelectionBenchmark.RunAsync(poolPath, targetDirectory, methods.Select(m => (m, selectorSize)).ToList(),
                    new SelectionTarget(parse.GetValue(fraction), null), parse.GetValue(size)!, message => status($"{message}"), ct));

            AnsiConsole.MarkupLineInterpolated(
                $"pool: {setup.Examples:N0} examples in {setup.Shards} shards; silo start {setup.SiloStart.TotalSeconds:F1} s, ingest {setup.Ingest.TotalSeconds:F1} s");
            ModelThroughput? forward = rows.Any(r => r.Selector != "-")
                ? ModelBenchmark.MeasureModel(selectorSize, new SiloComputeOptions().ForTorch().ResolvedPrecision, new SiloComputeOptions().ForTorch())
                : null;
            var table = new Table().AddColumns("method", "selector", "examples/s", "tokens/s", "scoring wall", "end to end", "with silo start", "FLOPs", "vs bench model forward");
            foreach (var r in rows)
                table.AddRow(Markup.Escape(r.Method), r.Selector, r.ExamplesPerSecond.ToString("N0"), r.TokensPerSecond.ToString("N0"),
                    $"{r.ScoringWall.TotalSeconds:F1} s", $"{r.Wall.TotalSeconds:F1} s", $"{(r.Wall + setup.SiloStart).TotalSeconds:F1} s",
                    Core.Reports.ReportWriter.Flops(r.SelectionFlops),
                    r.Selector != "-" && forward is not null ? $"{r.TokensPerSecond / forward.ForwardTokensPerSecond:P0} of {forward.ForwardTokensPerSecond:N0} tok/s" : "");
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    /// <summary>The methods to run; an explicit list refuses a model-based method without its selector's base, the default skips it.</summary>
    private static List<ISelectionMethod> Choose(string? names, string selectorSize)
    {
        var registry = SelectionMethodRegistration.BuiltIn();
        bool HasBase() => Pretrainer.Find(AppPaths.DefaultModelDirectory, selectorSize) is not null;
        if (names is null)
        {
            var all = registry.All.ToList();
            foreach (var skipped in all.Where(m => m.NeedsSelector && !HasBase()))
                AnsiConsole.MarkupLineInterpolated($"skipping {skipped.Name}: selector size '{selectorSize}' has no pretrained base (`orleansselect model pretrain --size {selectorSize}`)");
            return all.Where(m => !m.NeedsSelector || HasBase()).ToList();
        }
        var chosen = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.Split('/', 2) is [var m, var e] ? registry.Get(m, e) : registry.Get(n))
            .ToList();
        if (chosen.Any(m => m.NeedsSelector) && !HasBase())
            throw new UserInputException($"selector size '{selectorSize}' has no pretrained base; run `orleansselect model pretrain --size {selectorSize}` first");
        return chosen;
    }
}
