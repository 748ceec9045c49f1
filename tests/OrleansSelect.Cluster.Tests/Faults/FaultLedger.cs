using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using OrleansSelect.Abstractions;
using OrleansSelect.Cluster.Tests.Postgres;
using OrleansSelect.Core.Budget;
using OrleansSelect.Core.IO;
using OrleansSelect.Grains.Budget;
using OrleansSelect.Grains.Pool;

namespace OrleansSelect.Cluster.Tests.Faults;

/// <summary>
/// The ledger of a disturbed selection against an undisturbed one's, read from the rows the silos
/// wrote: every operation committed, the work that produced the result (each shard's scoring, the
/// prepare whose artifact was used) charged once at what the undisturbed run paid, and anything
/// else an interrupted attempt charged its spend ceiling, no more than it reserved. The same for a
/// training run against an undisturbed run of the same request.
/// </summary>
public static class FaultLedger
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Asserts the rule above; returns the totals side by side for the test's output.</summary>
    public static async Task<string> AssertExactAsync(FaultCluster cluster, string referencePool, string runPool)
    {
        var referenceLedger = await cluster.Grains.GetGrain<IBudgetGrain>(FaultSelection.BudgetOf(referencePool)).GetStatus();
        var ledger = await cluster.Grains.GetGrain<IBudgetGrain>(FaultSelection.BudgetOf(runPool)).GetStatus();
        var operations = ReadLedger(cluster.ConnectionString, FaultSelection.BudgetOf(runPool));
        var used = UsedOperations(cluster.ConnectionString, Path.Combine(cluster.Home, "models"), runPool);

        Assert.Equal(0, ledger.OpenReservations);
        Assert.All(operations, op => Assert.Equal(OperationStatus.Committed, op.Status));
        var finished = operations.Where(op => used.Contains(op.OperationId)).ToList();
        Assert.Equal(used.Count, finished.Count);
        AssertSameFlops(referenceLedger.SpentFlops, finished.Sum(op => op.SpentFlops));
        var interrupted = operations.Except(finished).ToList();
        Assert.All(interrupted, op =>
        {
            Assert.Equal(op.SpendCeilingFlops, op.SpentFlops);
            Assert.True(op.SpentFlops <= op.ReservedFlops, $"{op.OperationId} was charged more than it reserved");
        });
        AssertSameFlops(referenceLedger.SpentFlops + interrupted.Sum(op => op.SpentFlops), ledger.SpentFlops);
        Assert.True(ledger.SpentFlops <= ledger.TotalFlops, "the budget was exceeded");
        var prepare = interrupted.Count(op => op.OperationId.StartsWith("prepare/", StringComparison.Ordinal));
        return $"{(used.Any(id => id.StartsWith("prepare/", StringComparison.Ordinal)) ? $"prepare attempts interrupted after reserving: {prepare}; " : "")}" +
            $"ledger: undisturbed {referenceLedger.SpentFlops:E4} FLOPs in {used.Count} operations; disturbed {ledger.SpentFlops:E4} FLOPs " +
            $"= the same + {interrupted.Count} interrupted attempt(s) settled at {interrupted.Sum(op => op.SpentFlops):E4}";
    }

    /// <summary>
    /// The ledger of a training run whose silo was killed, next to an undisturbed run of the same
    /// request on the same budget: every operation committed, each run's last attempt charged what its
    /// result says it ran, and each earlier attempt of the disturbed run its spend ceiling, no more than
    /// it reserved. Returns the interrupted attempts' training charge and the totals for the test's output.
    /// </summary>
    public static async Task<(double InterruptedTrainFlops, string Totals)> AssertTrainingExactAsync(
        FaultCluster cluster, string budget, string runId, TrainingResult resumed, string undisturbedRunId, TrainingResult undisturbed)
    {
        var status = await cluster.Grains.GetGrain<IBudgetGrain>(budget).GetStatus();
        var operations = ReadLedger(cluster.ConnectionString, budget);
        Assert.Equal(0, status.OpenReservations);
        Assert.All(operations, op => Assert.Equal(OperationStatus.Committed, op.Status));

        List<LedgerOperation> Attempts(string work) =>
            operations.Where(op => op.OperationId.StartsWith($"{work}#", StringComparison.Ordinal)).OrderBy(op => op.OperationId.Length).ThenBy(op => op.OperationId).ToList();
        var (train, eval) = (Attempts($"train/{runId}"), Attempts($"eval/{runId}"));
        Assert.Single(Attempts($"train/{undisturbedRunId}"));
        Assert.Equal(undisturbed.TrainFlops, Attempts($"train/{undisturbedRunId}")[0].SpentFlops);
        Assert.Equal(undisturbed.EvalFlops, Assert.Single(Attempts($"eval/{undisturbedRunId}")).SpentFlops);
        Assert.True(train.Count >= 2, $"the disturbed run made {train.Count} attempt(s); the kill should have interrupted one");
        Assert.Equal(train.Count, eval.Count);
        Assert.Equal(resumed.TrainFlops, train[^1].SpentFlops);
        Assert.Equal(resumed.EvalFlops, eval[^1].SpentFlops);
        var interrupted = train.SkipLast(1).Concat(eval.SkipLast(1)).ToList();
        Assert.All(interrupted, op =>
        {
            Assert.Equal(op.SpendCeilingFlops, op.SpentFlops);
            Assert.True(op.SpentFlops <= op.ReservedFlops, $"{op.OperationId} was charged more than it reserved");
        });

        double interruptedTrain = train.SkipLast(1).Sum(op => op.SpentFlops);
        var training = status.ByCategory.Single(l => l.Name == "training").SpentFlops;
        AssertSameFlops(interruptedTrain + resumed.TrainFlops + undisturbed.TrainFlops, training);
        AssertSameFlops(operations.Sum(op => op.SpentFlops), status.SpentFlops);
        Assert.True(status.SpentFlops <= status.TotalFlops, "the budget was exceeded");
        double undisturbedTotal = undisturbed.TrainFlops + undisturbed.EvalFlops;
        double interruptedTotal = interrupted.Sum(op => op.SpentFlops);
        return (interruptedTrain,
            $"ledger: undisturbed run {undisturbedTotal:E4} FLOPs in 2 operations; disturbed run {interruptedTotal + resumed.TrainFlops + resumed.EvalFlops:E4} FLOPs " +
            $"= resumed attempt {resumed.TrainFlops + resumed.EvalFlops:E4} + {train.Count - 1} interrupted attempt(s) settled at {interruptedTotal:E4}; " +
            $"budget spent {status.SpentFlops:E4} of {status.TotalFlops:E4}");
    }

    /// <summary>Removes what one fault test wrote: its cluster's membership and every grain and ledger row keyed with its tag.</summary>
    public static void Forget(string connectionString, string tag, string clusterId)
    {
        TestPostgres.Forget(connectionString, clusterId: clusterId);
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("""
            DELETE FROM orleansselect_grain_state WHERE key_extension LIKE @key;
            DELETE FROM orleansselect_ledger_operation WHERE budget LIKE @key;
            DELETE FROM orleansselect_budget_ledger WHERE budget LIKE @key;
            """, connection);
        command.Parameters.AddWithValue("key", $"%{tag}%");
        command.ExecuteNonQuery();
    }

    // Sums of the same charges in another order may differ in the last bits.
    private static void AssertSameFlops(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1.0, Math.Abs(expected)), $"expected {expected:R} FLOPs, got {actual:R}");

    /// <summary>The budget's operation rows, as the silos wrote them.</summary>
    private static List<LedgerOperation> ReadLedger(string connectionString, string budget)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            "SELECT operation_id, reserved_flops, spent_flops, spend_ceiling_flops, status FROM orleansselect_ledger_operation WHERE budget = @budget",
            connection);
        command.Parameters.AddWithValue("budget", budget);
        using var reader = command.ExecuteReader();
        var operations = new List<LedgerOperation>();
        while (reader.Read())
            operations.Add(new LedgerOperation
            {
                OperationId = reader.GetString(0),
                ReservedFlops = reader.GetDouble(1),
                SpentFlops = reader.GetDouble(2),
                SpendCeilingFlops = reader.GetDouble(3),
                Status = Enum.Parse<OperationStatus>(reader.GetString(4)),
            });
        return operations;
    }

    /// <summary>The operations whose work the selection used: each shard's committed scoring, and its last prepare attempt.</summary>
    private static HashSet<string> UsedOperations(string connectionString, string modelDirectory, string pool)
    {
        var store = new ColumnFileStore(modelDirectory);
        var used = Payloads(connectionString, "shard", $"{pool}/%")
            .Select(p => JsonSerializer.Deserialize<ShardState>(p, Json)!)
            .SelectMany(s => ShardIndex.FromUtf8(store.TryRead<byte>(s.Index!, "index", null, out var problem) ?? throw new InvalidOperationException(problem))
                .Scores.Values.Select(c => c.OperationId))
            .ToHashSet(StringComparer.Ordinal);
        var selectionId = FaultSelection.SelectionOf(pool);
        using var selection = JsonDocument.Parse(Payloads(connectionString, "selection", selectionId).Single());
        int prepareAttempts = selection.RootElement.GetProperty("PrepareAttempts").GetInt32();
        if (prepareAttempts > 0)
            used.Add(AttemptCharging.OperationId($"prepare/{selectionId}", prepareAttempts));
        return used;
    }

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
}
