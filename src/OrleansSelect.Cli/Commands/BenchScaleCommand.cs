using System.CommandLine;
using System.Globalization;
using OrleansSelect.Cli.Console;
using OrleansSelect.Cli.LocalCluster;
using OrleansSelect.Core;
using OrleansSelect.Core.Reports;
using OrleansSelect.Grains.Services;
using OrleansSelect.Models.Pretraining;
using OrleansSelect.Silo.Workflows;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>
/// `bench scale` (issue 11): for each pool size, the real pool repeated to that size (ids salted) is
/// ingested and each method selects 1% of it, in a process of its own per size (a hidden
/// `--one-size` run of this command) so each size's peak memory is its own. The table gives ingest
/// time, scoring time per example, merge time, peak resident memory, live managed heap and the
/// grain-state bytes written; then the targets, checked on the smallest and largest size.
/// </summary>
public static class BenchScaleCommand
{
    public static Command Create()
    {
        var sizes = new Option<string>("--sizes") { Description = "Comma-separated pool sizes in examples", DefaultValueFactory = _ => "10000,100000,1000000" };
        var methodNames = new Option<string>("--methods") { Description = "Comma-separated methods", DefaultValueFactory = _ => "bm25,perplexity" };
        var selector = new Option<string>("--selector") { Description = "Selector size of model-based methods", DefaultValueFactory = _ => "nano" };
        var target = new Option<string>("--target") { Description = "Target: a built domain's name (yelp, amazon, imdb) or a target folder", DefaultValueFactory = _ => "yelp" };
        var pool = new Option<string?>("--pool") { Description = "Pool file to repeat (default: the built target's pool.jsonl)" };
        var size = new Option<string>("--size") { Description = "Training size whose tokenizer counts the selection's tokens", DefaultValueFactory = _ => "small" };
        var shardTokens = new Option<long>("--shard-tokens") { Description = "Estimated tokens per shard", DefaultValueFactory = _ => PoolIngestion.DefaultTokensPerShard }.Positive();
        // The parent runs itself with this for each size; not for users.
        var oneSize = new Option<int?>("--one-size") { Hidden = true };
        var command = new Command("scale", "Ingest and selection time per example, peak memory and grain-state bytes at growing pool sizes (the real pool repeated)")
            { sizes, methodNames, selector, target, pool, size, shardTokens, oneSize };
        command.SetAction(async (parse, ct) =>
        {
            var targetDirectory = CommonOptions.TargetDirectory(parse, parse.GetValue(target)!);
            if (!Directory.Exists(targetDirectory))
                throw new UserInputException($"the target {targetDirectory} does not exist; run `orleansselect data build` first, or give a target folder");
            var poolPath = Path.GetFullPath(parse.GetValue(pool) ?? Path.Combine(targetDirectory, "pool.jsonl"));
            if (!File.Exists(poolPath))
                throw new UserInputException($"the pool {poolPath} does not exist; run `orleansselect data build` first, or give --pool");
            var selectorSize = parse.GetValue(selector)!;
            var (measured, notMeasured) = Choose(parse.GetValue(methodNames)!, selectorSize);
            var settings = new Settings(measured, selectorSize, targetDirectory, poolPath, parse.GetValue(size)!, parse.GetValue(shardTokens));

            if (parse.GetValue(oneSize) is { } one)
                return await RunOneSizeAsync(ParseSizes(one.ToString(CultureInfo.InvariantCulture))[0], settings, ct);

            var chosenSizes = ParseSizes(parse.GetValue(sizes)!);
            if (measured.Count == 0)
                throw new UserInputException(notMeasured[0].Reason);
            var measurements = await StatusLine.RunAsync($"benchmarking scale", async status =>
            {
                // Prepare (a selector's finetune) happens once, in whichever process runs first; a
                // warm-up keeps it out of the smallest size's memory and time.
                if (measured.Any(m => m.NeedsPrepare))
                    await ScaleChildProcess.RunAsync(chosenSizes[0], settings.Arguments(chosenSizes[0]), line => status($"warm-up (not measured): {line}"), ct);
                var results = new List<ScaleMeasurement>();
                foreach (var n in chosenSizes)
                    results.Add(await ScaleChildProcess.RunAsync(n, settings.Arguments(n), line => status($"{line}"), ct));
                return results;
            });
            Show(measurements, notMeasured);
            return 0;
        });
        return command;
    }

    /// <summary>What every size's process is given; methods by their canonical names.</summary>
    private sealed record Settings(
        IReadOnlyList<ChosenMethod> Methods, string Selector, string TargetDirectory, string PoolPath, string TokenizerSize, long ShardTokens)
    {
        public IReadOnlyList<string> Arguments(int size) =>
        [
            "bench", "scale", "--one-size", size.ToString(CultureInfo.InvariantCulture),
            "--methods", string.Join(",", Methods.Select(m => m.Name)), "--selector", Selector,
            "--target", TargetDirectory, "--pool", PoolPath, "--size", TokenizerSize,
            "--shard-tokens", ShardTokens.ToString(CultureInfo.InvariantCulture),
        ];
    }

    private sealed record ChosenMethod(string Name, bool NeedsSelector, bool NeedsPrepare);

    private sealed record NotMeasured(string Method, string Reason);

    private static async Task<int> RunOneSizeAsync(int size, Settings settings, CancellationToken cancellation)
    {
        var measurement = await ScaleBenchmark.MeasureAsync(settings.PoolPath, size, settings.TargetDirectory,
            settings.Methods.Select(m => (m.Name, m.NeedsSelector ? settings.Selector : "none")).ToList(),
            settings.TokenizerSize, settings.ShardTokens,
            line => System.Console.Out.WriteLine(ScaleChildProcess.ProgressPrefix + line), cancellation);
        // Straight to the output, past Spectre: the parent reads this line as it is.
        System.Console.Out.WriteLine(measurement.ToLine());
        return 0;
    }

    /// <summary>The sizes, ascending and once each; anything but whole numbers of at least 1 is refused.</summary>
    private static List<int> ParseSizes(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var sizes = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
                throw new UserInputException($"--sizes takes pool sizes of at least 1 example, separated by commas, and '{part}' is not one");
            sizes.Add(n);
        }
        if (sizes.Count == 0)
            throw new UserInputException("--sizes needs at least one pool size");
        return sizes.Distinct().Order().ToList();
    }

    /// <summary>The methods to measure; a model-based one whose selector has no pretrained base is reported as not measured.</summary>
    private static (List<ChosenMethod> Measured, List<NotMeasured> NotMeasured) Choose(string names, string selectorSize)
    {
        var registry = SelectionMethodRegistration.BuiltIn();
        var measured = new List<ChosenMethod>();
        var notMeasured = new List<NotMeasured>();
        foreach (var name in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var method = registry.Get(name);
            if (method.NeedsSelector && Pretrainer.Find(AppPaths.DefaultModelDirectory, selectorSize) is null)
                notMeasured.Add(new(method.Name,
                    $"{method.Name} is not measured: selector size '{selectorSize}' has no pretrained base; run `orleansselect model pretrain --size {selectorSize}` first"));
            else
                measured.Add(new ChosenMethod(method.Name, method.NeedsSelector, method.NeedsPrepare));
        }
        if (measured.Count == 0 && notMeasured.Count == 0)
            throw new UserInputException("--methods needs at least one method");
        return (measured, notMeasured);
    }

    private static void Show(IReadOnlyList<ScaleMeasurement> measurements, IReadOnlyList<NotMeasured> notMeasured)
    {
        var table = new Table().AddColumns("size", "method", "shards", "ingest s", "µs/example scoring", "merge ms",
            "peak RSS MiB", "live heap MiB", "state bytes written", "state writes", "bytes/shard write");
        foreach (var m in measurements)
            foreach (var f in m.Methods)
                table.AddRow(m.Size.ToString("N0"), Markup.Escape(f.Method), m.Shards.ToString("N0"), m.IngestSeconds.ToString("F2"),
                    m.MicrosecondsPerExample(f).ToString("F1"), (f.MergeSeconds * 1000).ToString("F1"),
                    Mebibytes(m.PeakResidentBytes), Mebibytes(m.LiveHeapBytes),
                    f.StateBytes.ToString("N0"), f.StateWrites.ToString("N0"), f.BytesPerShardWrite.ToString("F0"));
        AnsiConsole.Write(table);
        foreach (var missing in notMeasured)
            AnsiConsole.MarkupLineInterpolated($"{missing.Reason}");

        var targets = new Table().AddColumns("target (issue 11)", "measured", "met");
        foreach (var check in ScaleTargets.Check(measurements))
            targets.AddRow(Markup.Escape(check.Target), Markup.Escape(check.Measured), check.Met ? "yes" : "NO");
        AnsiConsole.Write(targets);
    }

    private static string Mebibytes(long bytes) => (bytes / 1048576.0).ToString("F1");
}
