using System.CommandLine;
using OrleansSelect.Cli.Console;
using OrleansSelect.Silo.Workflows;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>`ingest`: check a JSONL pool, cut it into shards and register them with the cluster.</summary>
public static class IngestCommand
{
    public static Command Create()
    {
        var pool = CommonOptions.Required("--pool", "The pool's JSONL file (fields id, prompt, response, source, task)");
        var name = CommonOptions.Required("--name", "A name for the pool, used by `select`");
        var shardTokens = new Option<long>("--shard-tokens")
        {
            Description = "Estimated tokens per shard (a shard closes before the example that would take it past this)",
            DefaultValueFactory = _ => PoolIngestion.DefaultTokensPerShard,
        }.Positive();
        var command = new Command("ingest", "Check a pool file and shard it across the cluster") { pool, name, shardTokens };
        command.SetAction(async (parse, ct) =>
        {
            await using var silo = await SiloSession.StartAsync(parse, ct);
            var view = await StatusLine.RunAsync($"reading {parse.GetValue(pool)}", _ =>
                PoolIngestion.IngestAsync(silo.Grains, parse.GetValue(name)!, parse.GetValue(pool)!, parse.GetValue(shardTokens), ct));
            AnsiConsole.MarkupLineInterpolated(
                $"pool [bold]{view.Name}[/]: {view.ExampleCount:N0} examples, {view.FileBytes:N0} bytes, {view.Shards.Count} shards");
            return 0;
        });
        return command;
    }
}
