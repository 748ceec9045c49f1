using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.Budget;
using OrleansSelect.Grains.Pool;
using OrleansSelect.Grains.Services;
using OrleansSelect.Cluster.Tests.Postgres;
using OrleansSelect.Silo.Hosting;
using OrleansSelect.Silo.Workflows;
using Xunit.Abstractions;

namespace OrleansSelect.Cluster.Tests.Faults;

/// <summary>
/// Three real silo processes on PostgreSQL; one is killed with SIGKILL while a selection is scoring.
/// The selection must finish on the survivors with the same examples as an undisturbed run, and the
/// ledger must be exact: every shard charged once for the scoring that finished, and an attempt the
/// dead silo had reserved for settled at its spend ceiling, nothing else.
/// </summary>
public class SiloKillTests(ITestOutputHelper output)
{
    private const int ExamplesPerShard = 8;

    [PostgresTheory]
    [InlineData("statistics", false)]
    [InlineData("scoring", false)]
    [InlineData("scoring", true)]
    public async Task A_selection_survives_a_silo_killed_while_its_shards_work(string phase, bool killTheSelectionsSilo)
    {
        var connectionString = TestPostgres.Require();
        var cluster = TestPostgres.UniqueId("kill");
        var tag = Guid.NewGuid().ToString("N")[..12];
        using var folder = new TempFolder();
        // 2,000 examples in 250 shards: enough calls in flight that the killed silo holds some of them.
        var (poolPath, targetDirectory) = TestData.Write(folder.Path, reviews: 400, unrelated: 1600);

        var silos = (await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            SiloProcess.StartAsync(connectionString, cluster, folder.Path)))).ToList();
        try
        {
            await using var client = await ClusterClient.ConnectAsync(connectionString, cluster);
            var grains = client.Grains;

            // The undisturbed run: the same file under another pool name, so nothing is shared or cached.
            var reference = await SelectAsync(grains, $"ref-{tag}", poolPath, targetDirectory, progress: null);

            // The disturbed run: in the phase given (once a tenth of the shards are scored, for scoring), kill a
            // silo that hosts shards but not the selection.
            var selectionId = $"s-run-{tag}";
            var disturbed = SelectAsync(grains, $"run-{tag}", poolPath, targetDirectory, progress: null);
            var selection = grains.GetGrain<ISelectionGrain>(selectionId);
            await WaitForPhaseAsync(selection, disturbed, phase);
            var host = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(selection);
            var victim = silos.First(s => host is null || (s.SiloPort == host.Endpoint.Port) == killTheSelectionsSilo);
            var progressAtKill = await selection.GetProgress();
            var clock = Stopwatch.StartNew();
            victim.KillHard();
            output.WriteLine($"killed the silo on port {victim.SiloPort}{(killTheSelectionsSilo ? ", the selection's own," : "")} " +
                $"in {progressAtKill.Phase} at {progressAtKill.Done}/{progressAtKill.Total} shards");

            var manifest = await disturbed.WaitAsync(TimeSpan.FromMinutes(3));
            output.WriteLine($"time to recovery: the selection completed {clock.Elapsed.TotalSeconds:F1} s after the kill");

            Assert.Equal(reference.Selected.Select(c => c.ExampleId), manifest.Selected.Select(c => c.ExampleId));
            Assert.Equal(reference.Selected.Select(c => c.Score), manifest.Selected.Select(c => c.Score));
            Assert.Equal(reference.SelectionFlops, manifest.SelectionFlops);

            var referenceLedger = await grains.GetGrain<IBudgetGrain>($"b-ref-{tag}").GetStatus();
            var ledger = await grains.GetGrain<IBudgetGrain>($"b-run-{tag}").GetStatus();
            var operations = ReadLedger(connectionString, $"b-run-{tag}").Operations.Values.ToList();
            var finalOperations = ReadShardOperations(connectionString, $"run-{tag}");
            Assert.Equal(250, finalOperations.Count);
            Assert.Equal(0, ledger.OpenReservations);
            Assert.All(operations, op => Assert.Equal(OperationStatus.Committed, op.Status));
            // Each shard's finished scoring is charged once, at what it cost; the undisturbed run paid the same.
            var finished = operations.Where(op => finalOperations.Contains(op.OperationId)).ToList();
            Assert.Equal(250, finished.Count);
            Assert.Equal(referenceLedger.SpentFlops, finished.Sum(op => op.SpentFlops), precision: 0);
            // Anything else is an attempt the dead silo had reserved for: charged its ceiling, the whole reservation.
            var interrupted = operations.Except(finished).ToList();
            Assert.All(interrupted, op => Assert.Equal(op.ReservedFlops, op.SpentFlops));
            Assert.Equal(referenceLedger.SpentFlops + interrupted.Sum(op => op.SpentFlops), ledger.SpentFlops, precision: 0);
            Assert.True(ledger.SpentFlops <= ledger.TotalFlops);
            output.WriteLine(
                $"ledger: undisturbed {referenceLedger.SpentFlops:E4} FLOPs; disturbed {ledger.SpentFlops:E4} FLOPs " +
                $"= the same + {interrupted.Count} interrupted attempt(s) settled at {interrupted.Sum(op => op.SpentFlops):E4}");
        }
        catch
        {
            foreach (var silo in silos)
                output.WriteLine($"--- silo on port {silo.SiloPort}:\n{silo.Output}");
            throw;
        }
        finally
        {
            foreach (var silo in silos)
                silo.Dispose();
            Forget(connectionString, tag, cluster);
        }
    }

    private static async Task<SelectionManifest> SelectAsync(
        IGrainFactory grains, string pool, string poolPath, string targetDirectory, Action<JobProgress>? progress)
    {
        await PoolIngestion.IngestAsync(grains, pool, poolPath, ExamplesPerShard);
        await grains.GetGrain<IBudgetGrain>($"b-{pool}").Create(1e15);
        var request = new SelectionRequest(pool, "bm25", targetDirectory, new SelectionTarget(0.05, null), 1, $"b-{pool}", "none", "test");
        var selection = grains.GetGrain<ISelectionGrain>($"s-{pool}");
        return await JobPolling.WaitAsync(() => selection.Run(request), selection.GetProgress, progress);
    }

    private static async Task WaitForPhaseAsync(ISelectionGrain selection, Task running, string phase)
    {
        while (!running.IsCompleted)
        {
            var progress = await selection.GetProgress();
            if (progress.Phase == phase && progress.Done >= progress.Total / 10)
                return;
            await Task.Delay(20);
        }
        await running; // surfaces its error
        throw new InvalidOperationException($"the selection finished before a silo could be killed during its {phase}");
    }

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static BudgetLedgerState ReadLedger(string connectionString, string budget) =>
        JsonSerializer.Deserialize<BudgetLedgerState>(Payloads(connectionString, "budget-ledger", budget).Single(), Json)!;

    /// <summary>The operation each shard of the pool committed its scores under.</summary>
    private static HashSet<string> ReadShardOperations(string connectionString, string pool) =>
        Payloads(connectionString, "shard", $"{pool}/%")
            .Select(p => JsonSerializer.Deserialize<ShardState>(p, Json)!)
            .SelectMany(s => s.Scores.Values.Select(c => c.OperationId))
            .ToHashSet(StringComparer.Ordinal);

    private static List<string> Payloads(string connectionString, string stateName, string keyPattern)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            "SELECT convert_from(payload, 'UTF8') FROM orleansselect_grain_state WHERE state_name LIKE @state AND key_extension LIKE @key",
            connection);
        command.Parameters.AddWithValue("state", $"%{stateName}%");
        command.Parameters.AddWithValue("key", keyPattern);
        using var reader = command.ExecuteReader();
        var payloads = new List<string>();
        while (reader.Read())
            payloads.Add(reader.GetString(0));
        return payloads;
    }

    private static void Forget(string connectionString, string tag, string cluster)
    {
        TestPostgres.Forget(connectionString, clusterId: cluster);
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("DELETE FROM orleansselect_grain_state WHERE key_extension LIKE @key", connection);
        command.Parameters.AddWithValue("key", $"%{tag}%");
        command.ExecuteNonQuery();
    }
}
