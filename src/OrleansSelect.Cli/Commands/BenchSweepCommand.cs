using System.CommandLine;
using System.Globalization;
using OrleansSelect.Cli.Console;
using OrleansSelect.Cli.LocalCluster;
using OrleansSelect.Core;
using OrleansSelect.Core.Reports;
using OrleansSelect.Core.Sweeps;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;
using OrleansSelect.Silo.Storage;
using OrleansSelect.Silo.Sweeps;
using OrleansSelect.Silo.Workflows;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>
/// `bench sweep`: starts silos as processes of their own on this machine (a real loopback cluster on
/// PostgreSQL), runs a sweep of short runs on a pool it makes itself, and prints, per silo, how long
/// its compute worker sat idle while runs remained to be started. The silos and the temporary
/// folder are gone when it ends; its grain state stays in the database under names of its own.
/// </summary>
public static class BenchSweepCommand
{
    /// <summary>The grid: two methods × three fractions × the seeds.</summary>
    private static readonly double[] Fractions = [0.1, 0.25, 0.5];

    public static Command Create()
    {
        var postgres = SiloCommand.PostgresOption();
        var silos = new Option<int>("--silos") { Description = "Silo processes to start", DefaultValueFactory = _ => 3 }.Positive();
        var seeds = new Option<int>("--seeds") { Description = "Seeds per (method, fraction): the sweep has 6 runs per seed", DefaultValueFactory = _ => 6 }.Positive();
        var concurrency = new Option<int?>("--concurrency") { Description = $"Runs in flight (default: {SweepGrain.RunsPerSilo} per silo, as a sweep does)" }.Positive();
        var size = new Option<string>("--size") { Description = "Training size of every run", DefaultValueFactory = _ => "test" };
        var command = new Command("sweep", "Idle time of the silos' compute workers while a sweep of short runs has runs left, on a loopback cluster of silo processes")
            { postgres, silos, seeds, concurrency, size };
        command.SetAction(async (parse, ct) =>
        {
            var connectionString = SiloCommand.RequiredConnection(parse, postgres, "bench sweep");
            PostgresDatabase.EnsureReachable(connectionString); // one sentence here, not three silos failing to start
            var tag = Guid.NewGuid().ToString("N")[..8];
            var folder = Directory.CreateTempSubdirectory("orleansselect-bench-sweep-").FullName;
            var started = new List<SiloProcess>();
            try
            {
                // Shards of about 200 examples (seven here), so scoring, too, spreads over the silos.
                var (poolPath, targetDirectory, tokensPerShard) = BenchSweepData.Write(folder, reviews: 240, unrelated: 960, examplesPerShard: 200);
                var spec = new SweepSpec
                {
                    Name = $"bench-{tag}",
                    Pool = $"bench-{tag}",
                    Targets = [targetDirectory],
                    Methods = new Dictionary<string, IReadOnlyList<string>> { ["random"] = [], ["bm25"] = [] },
                    TrainingSizes = [parse.GetValue(size)!],
                    Fractions = Fractions,
                    Seeds = Enumerable.Range(1, parse.GetValue(seeds)).ToArray(),
                    BudgetPerRun = 5e12,
                    Concurrency = parse.GetValue(concurrency),
                };
                spec.Validate(SelectionMethodRegistration.BuiltIn().Names, "the benchmark's sweep");
                long runs = new SweepGrid(spec).Count;

                var home = Path.Combine(folder, "home");
                int count = parse.GetValue(silos);
                await StatusLine.RunAsync($"starting {count} silo processes (cluster bench-{tag})", async _ =>
                {
                    var starting = Enumerable.Range(0, count).Select(_ => SiloProcess.StartAsync(connectionString, $"bench-{tag}", home, web: true)).ToList();
                    try
                    {
                        await Task.WhenAll(starting);
                    }
                    finally
                    {
                        started.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
                    }
                    return true;
                });
                await using var client = await ClusterClient.ConnectAsync(connectionString, $"bench-{tag}", cancellation: ct);
                var pool = await StatusLine.RunAsync($"ingesting the benchmark's pool", _ => PoolIngestion.IngestAsync(client.Grains, spec.Pool, poolPath, tokensPerShard, ct));
                await SweepCostCheck.CheckAsync(client.Grains, spec, "the benchmark's sweep");

                AnsiConsole.MarkupLineInterpolated($"sweep of {runs} {spec.TrainingSizes[0]} runs (random and bm25, fractions {string.Join(", ", Fractions)}, {spec.Seeds.Count} seeds) on {count} silos, {spec.Concurrency ?? SweepGrain.RunsPerSilo * count} in flight, pool of {pool.Shards.Count} shards");
                var outcome = await StatusLine.RunAsync($"running the sweep", status =>
                    SweepIdleMeasurement.RunAsync(client.Grains, spec, started, line => status($"{line}"), ct));
                Show(outcome);
                if (outcome.Status.Failed > 0)
                    throw new UserInputException($"{outcome.Status.Failed} of the benchmark's {outcome.Status.Total} runs failed ({string.Join("; ", outcome.Status.Errors)}); its figures do not describe a healthy sweep.");
                return 0;
            }
            finally
            {
                await Task.WhenAll(started.Select(s => s.StopAsync(TimeSpan.FromSeconds(20))));
                foreach (var silo in started)
                    silo.Dispose();
                Directory.Delete(folder, recursive: true);
            }
        });
        return command;
    }

    private static void Show(SweepIdleMeasurement.Outcome outcome)
    {
        var table = new Table().AddColumns("silo", "wall while runs remained", "worker busy", "slots", "idle",
            "start-up (to first job)", "idle after start-up", "tail wall", "tail idle");
        foreach (var ((silo, fed), tail) in outcome.WhileRunsRemained.Zip(outcome.SinceFirstJob).Zip(outcome.Tail))
            table.AddRow(silo.Silo, Seconds(silo.WallSeconds), Seconds(silo.BusySeconds), silo.Slots.ToString(CultureInfo.InvariantCulture),
                Percent(silo.IdleFraction), fed is null ? "no job" : Seconds(silo.WallSeconds - fed.WallSeconds), fed is null ? "-" : Percent(fed.IdleFraction),
                Seconds(tail.WallSeconds), Percent(tail.IdleFraction));
        AnsiConsole.Write(table);
        var view = outcome.Status;
        AnsiConsole.MarkupLineInterpolated(
            $"{view.Done}/{view.Total} runs done in {view.Elapsed.TotalSeconds:F1} s, {ReportWriter.Flops(view.ChargedFlops)} FLOPs charged");
        AnsiConsole.MarkupLineInterpolated(
            $"compute idle while runs remained: {Percent(WorkerIdle.Overall(outcome.WhileRunsRemained))} of the silos' slot-seconds from the sweep's start (target: under 5%)");
        var afterStartUp = outcome.SinceFirstJob.OfType<WorkerIdle>().ToArray();
        AnsiConsole.MarkupLineInterpolated(
            $"  after start-up (from each silo's first training, once the first selections were done): {Percent(WorkerIdle.Overall(afterStartUp))} over {afterStartUp.Length} silos");
    }

    private static string Percent(double fraction) => fraction.ToString("P1", CultureInfo.InvariantCulture);

    private static string Seconds(double seconds) => seconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
}
