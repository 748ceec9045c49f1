using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using OrleansSelect.Abstractions;
using OrleansSelect.Cluster.Tests.Postgres;
using OrleansSelect.Core.Budget;
using OrleansSelect.Grains;
using OrleansSelect.Grains.Budget;
using OrleansSelect.Grains.Telemetry;
using OrleansSelect.Silo.Hosting;
using OrleansSelect.Silo.Storage;

namespace OrleansSelect.Cluster.Tests;

/// <summary>
/// Budgets' ledgers as rows, on SQLite and PostgreSQL: read back exactly as written, a write costs
/// what changed (not the ledger's size), a stale version writes nothing, and an older release's
/// ledger in grain state moves to rows charging nothing again.
/// </summary>
public class BudgetLedgerStoreTests
{
    [Fact]
    public Task On_sqlite_rows_read_back_exactly_cost_what_changed_and_refuse_a_stale_version()
    {
        using var folder = new TempFolder();
        var connectionString = EmbeddedSilo.ConnectionStringFor(folder.File("state.db"));
        SqliteGrainStorageSchema.Apply(connectionString);
        return RowsReadBackExactlyCostWhatChangedAndRefuseAStaleVersion(new SqlBudgetLedgerStore(SqliteGrainStorageSchema.Invariant, connectionString, "service"));
    }

    [PostgresFact]
    public async Task On_postgres_rows_read_back_exactly_cost_what_changed_and_refuse_a_stale_version()
    {
        var connectionString = TestPostgres.Require();
        var service = TestPostgres.UniqueId("ledger");
        try
        {
            await RowsReadBackExactlyCostWhatChangedAndRefuseAStaleVersion(new SqlBudgetLedgerStore(PostgresSchema.Invariant, connectionString, service));
        }
        finally
        {
            TestPostgres.Forget(connectionString, serviceId: service);
        }
    }

    private static async Task RowsReadBackExactlyCostWhatChangedAndRefuseAStaleVersion(SqlBudgetLedgerStore store)
    {
        Assert.Null(await store.ReadAsync("b"));
        // Values whose last bits a text or single-precision column would lose.
        var ledger = new BudgetLedger(new BudgetLedgerState());
        ledger.Initialise(1e16 / 3);
        var first = Enumerable.Range(0, 500).Select(i =>
        {
            ledger.Reserve($"score/shard-{i}#1", Math.PI * 1e9 * (i + 1), BudgetCategory.Selection, "bm25");
            return ledger.State.Operations[$"score/shard-{i}#1"];
        }).ToList();
        using var tally = new GrainStateWriteTally();
        long version = await store.WriteAsync("b", 0, ledger.State.TotalFlops, first);
        Assert.Equal(1, version);

        ledger.Commit("score/shard-7#1", Math.E * 1e9);
        ledger.RecordSpendCeiling("score/shard-8#1", 1.0 / 3);
        ledger.Release("score/shard-9#1");
        ledger.Reserve("train/run#1", 2e12 / 7, BudgetCategory.Training, "micro");
        long before = tally.For(SqlBudgetLedgerStore.MetricName).Bytes;
        List<LedgerOperation> changed = [.. new[] { "score/shard-7#1", "score/shard-8#1", "score/shard-9#1", "train/run#1" }.Select(id => ledger.State.Operations[id])];
        version = await store.WriteAsync("b", version, ledger.State.TotalFlops, changed);
        Assert.Equal(2, version);
        // Four changed rows after five hundred: the write is a few hundred bytes, not the ledger. It is
        // counted (at least: other tests in this process may write ledgers at the same time).
        long second = SqlBudgetLedgerStore.BytesOf("b", changed);
        Assert.InRange(second, 100, 600);
        Assert.True(SqlBudgetLedgerStore.BytesOf("b", first) > 100 * second);
        Assert.True(tally.For(SqlBudgetLedgerStore.MetricName).Bytes - before >= second, "the write was not counted");

        var stored = Assert.IsType<StoredLedger>(await store.ReadAsync("b"));
        Assert.Equal(2, stored.Version);
        Assert.Equal(ledger.State.TotalFlops, stored.State.TotalFlops);
        Assert.Equal(501, stored.State.Operations.Count);
        foreach (var expected in ledger.State.Operations.Values)
        {
            var actual = stored.State.Operations[expected.OperationId];
            Assert.Equal(
                (expected.Category, expected.Method, expected.ReservedFlops, expected.SpentFlops, expected.SpendCeilingFlops, expected.Status),
                (actual.Category, actual.Method, actual.ReservedFlops, actual.SpentFlops, actual.SpendCeilingFlops, actual.Status));
        }
        Assert.Equal(ledger.Summarise().SpentFlops, new BudgetLedger(stored.State).Summarise().SpentFlops);

        // A writer on an older version (a second activation) writes nothing at all.
        var stale = new LedgerOperation { OperationId = "score/shard-7#1", Category = BudgetCategory.Selection, Method = "bm25", Status = OperationStatus.Released };
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteAsync("b", 1, ledger.State.TotalFlops, [stale]));
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteAsync("b", 0, ledger.State.TotalFlops, [stale]));
        Assert.Equal(OperationStatus.Committed, (await store.ReadAsync("b"))!.State.Operations["score/shard-7#1"].Status);
        Assert.Equal(2, (await store.ReadAsync("b"))!.Version);
    }

    [Fact]
    public async Task Changes_made_while_a_write_is_in_flight_reach_the_rows_with_their_latest_values()
    {
        using var folder = new TempFolder();
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var budget = cluster.GrainFactory.GetGrain<IBudgetGrain>("busy-b");
            await budget.Create(1e15);
            // Each operation is reserved, given a ceiling and committed by calls that interleave with the
            // other operations' writes, so most changes land while a group write is in flight.
            await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
            {
                await budget.Reserve($"score/s{i}#1", 1e9 + i, FlopCategory.Selection, "bm25");
                if (i % 3 == 0)
                    await budget.Release($"score/s{i}#1");
                else
                {
                    await budget.RecordSpendCeiling($"score/s{i}#1", 5e8 + i);
                    if (i % 3 == 1)
                        await budget.Commit($"score/s{i}#1", 7e8 + i);
                }
            }));
            var status = await budget.GetStatus();

            var services = ((InProcessSiloHandle)cluster.Primary!).SiloHost.Services;
            var rows = (await services.GetRequiredService<SqlBudgetLedgerStore>().ReadAsync("busy-b"))!.State.Operations;
            Assert.Equal(300, rows.Count);
            for (int i = 0; i < 300; i++)
            {
                var op = rows[$"score/s{i}#1"];
                var expected = (i % 3) switch
                {
                    0 => (OperationStatus.Released, 0.0, 1e9 + i),
                    1 => (OperationStatus.Committed, 7e8 + i, 5e8 + i),
                    _ => (OperationStatus.Reserved, 0.0, 5e8 + i),
                };
                Assert.Equal(expected, (op.Status, op.SpentFlops, op.SpendCeilingFlops));
            }
            var fromRows = new BudgetLedger(new BudgetLedgerState { TotalFlops = 1e15, Operations = rows }).Summarise();
            Assert.Equal((status.SpentFlops, status.ReservedFlops, status.OpenReservations), (fromRows.SpentFlops, fromRows.ReservedFlops, fromRows.OpenReservations));
            Assert.Equal(100, status.OpenReservations);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_older_releases_ledger_in_grain_state_moves_to_rows_charging_nothing_again()
    {
        using var folder = new TempFolder();
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var services = ((InProcessSiloHandle)cluster.Primary!).SiloHost.Services;
            var storage = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
            var old = new BudgetLedger(new BudgetLedgerState());
            old.Initialise(1e12);
            old.Reserve("score/a#1", 3e9, BudgetCategory.Selection, "bm25");
            old.Commit("score/a#1", 2.5e9);
            old.Reserve("train/r#1", 4e11, BudgetCategory.Training, "micro");
            await storage.WriteStateAsync("budget-ledger", GrainId.Create("budget", "old-b"), new GrainState<BudgetLedgerState>(old.State));

            var budget = cluster.GrainFactory.GetGrain<IBudgetGrain>("old-b");
            var status = await budget.GetStatus();
            Assert.Equal((1e12, 2.5e9, 4e11, 1), (status.TotalFlops, status.SpentFlops, status.ReservedFlops, status.OpenReservations));
            // A repeat of a moved reservation is granted without charging again; a commit of it lands.
            Assert.True((await budget.Reserve("train/r#1", 4e11, FlopCategory.Training, "micro")).Granted);
            await budget.Commit("train/r#1", 3e11);

            var rows = await services.GetRequiredService<SqlBudgetLedgerStore>().ReadAsync("old-b");
            Assert.NotNull(rows);
            Assert.Equal(2, rows.State.Operations.Count);
            Assert.Equal(2.5e9 + 3e11, new BudgetLedger(rows.State).SpentFlops);
            var cleared = new GrainState<BudgetLedgerState>(new BudgetLedgerState());
            await storage.ReadStateAsync("budget-ledger", GrainId.Create("budget", "old-b"), cleared);
            Assert.Equal(0, cleared.State.TotalFlops);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
