using Orleans.TestingHost;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.Budget;
using OrleansSelect.Grains.Pool;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests;

/// <summary>What a selection interrupted halfway leaves in the ledger, once it is run again.</summary>
public class SelectionCrashTests
{
    private const double Budget = 1e14;

    [Fact]
    public async Task A_selection_killed_halfway_and_run_again_costs_what_an_undisturbed_one_does()
    {
        using var folder = new TempFolder();
        var database = folder.File("state.db");
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        SelectionRequest Request(string pool) =>
            new(pool, "bm25", targetDirectory, new SelectionTarget(0.05, null), 1, $"b-{pool}", "none", "test");

        // 150 shards: each is under 1% of the selection, so the one in flight at the kill is within 2%.
        var first = await TestClusters.StartAsync(database);
        foreach (var pool in new[] { "calm", "crashed" })
        {
            await PoolIngestion.IngestAsync(first.GrainFactory, pool, poolPath, tokensPerShard: 2 * TestData.TokensPerExample);
            await first.GrainFactory.GetGrain<IBudgetGrain>($"b-{pool}").Create(Budget);
        }
        var undisturbed = await first.GrainFactory.GetGrain<ISelectionGrain>("calm").Run(Request("calm"));
        Assert.Equal(150, undisturbed.ShardsScored);

        var selection = first.GrainFactory.GetGrain<ISelectionGrain>("crashed");
        var running = selection.Run(Request("crashed"));
        JobProgress seen;
        do
        {
            await Task.Delay(5);
            seen = await selection.GetProgress();
        } while (!running.IsCompleted && !(seen.Phase == "scoring" && seen.Done >= 75));
        Assert.False(running.IsCompleted, "the selection finished before it could be interrupted");
        foreach (var silo in first.Silos.ToList())
            await first.KillSiloAsync(silo);
        await first.DisposeAsync();

        var second = await TestClusters.StartAsync(database);
        try
        {
            var resumed = await second.GrainFactory.GetGrain<ISelectionGrain>("crashed").Run(Request("crashed"));
            Assert.True(resumed.ShardsFromCache >= 75, $"only {resumed.ShardsFromCache} shards were kept from before the kill");

            var calm = await second.GrainFactory.GetGrain<IBudgetGrain>("b-calm").GetStatus();
            var crashed = await second.GrainFactory.GetGrain<IBudgetGrain>("b-crashed").GetStatus();
            Assert.Equal(0, crashed.OpenReservations);
            Assert.True(crashed.SpentFlops >= calm.SpentFlops, "the kill lost a charge");
            Assert.True(crashed.SpentFlops <= calm.SpentFlops * 1.02,
                $"the interrupted selection cost {crashed.SpentFlops:E3} FLOPs against {calm.SpentFlops:E3} undisturbed: shards that never ran were charged");
        }
        finally
        {
            await Stop(second);
        }
    }

    [Fact]
    public async Task An_interrupted_scoring_attempt_is_settled_on_the_budget_it_reserved_on_when_another_budget_retries()
    {
        using var folder = new TempFolder();
        var database = folder.File("state.db");
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        SelectionRequest Request(string budget) =>
            new("two-budgets", "bm25", targetDirectory, new SelectionTarget(0.1, null), 1, budget, "none", "test");

        // First life: every shard reserves on budget "first" and scores, but its scores are never stored.
        var first = await TestClusters.StartAsync(database);
        await PoolIngestion.IngestAsync(first.GrainFactory, "two-budgets", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
        await first.GrainFactory.GetGrain<IBudgetGrain>("first").Create(Budget);
        await first.GrainFactory.GetGrain<IBudgetGrain>("second").Create(Budget);
        using (FailingGrainStorage.FailWritesWhen((key, state) => key.StartsWith("two-budgets/") && ShardWrites.RecordsScores(state, folder.File("models"))))
            await Assert.ThrowsAnyAsync<Exception>(() => first.GrainFactory.GetGrain<ISelectionGrain>("on-first").Run(Request("first")));
        Assert.Equal(3, (await first.GrainFactory.GetGrain<IBudgetGrain>("first").GetStatus()).OpenReservations);
        await Stop(first);

        // Second life: the same scores are asked for under budget "second".
        var second = await TestClusters.StartAsync(database);
        try
        {
            var manifest = await second.GrainFactory.GetGrain<ISelectionGrain>("on-second").Run(Request("second"));

            var firstBudget = await second.GrainFactory.GetGrain<IBudgetGrain>("first").GetStatus();
            var secondBudget = await second.GrainFactory.GetGrain<IBudgetGrain>("second").GetStatus();
            Assert.Equal(0, firstBudget.OpenReservations);
            Assert.Equal(manifest.SelectionFlops, firstBudget.SpentFlops, precision: 3); // the interrupted scoring ran: charged where it reserved
            Assert.Equal(manifest.SelectionFlops, secondBudget.SpentFlops, precision: 3);
            Assert.Equal(0, secondBudget.OpenReservations);
        }
        finally
        {
            await Stop(second);
        }
    }

    [Fact]
    public async Task A_scoring_recorded_but_never_committed_is_settled_by_the_shards_next_attempt_of_another_method()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.GrainFactory;
            await PoolIngestion.IngestAsync(grains, "uncommitted", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            await grains.GetGrain<IBudgetGrain>("b-uncommitted").Create(Budget);
            SelectionRequest Request(string method) => new("uncommitted", method, targetDirectory, new SelectionTarget(0.1, null), 1, "b-uncommitted", "none", "test");

            // The shards record their BM25 scores, but no commit of a scoring reaches the ledger's storage.
            using (FailingGrainStorage.FailWritesWhen((key, state) => key == "b-uncommitted" && state is BudgetLedgerState ledger
                       && ledger.Operations.Values.Any(op => op.OperationId.StartsWith("score/", StringComparison.Ordinal) && op.Status == OperationStatus.Committed)))
                await Assert.ThrowsAnyAsync<Exception>(() => grains.GetGrain<ISelectionGrain>("bm25-uncommitted").Run(Request("bm25")));
            Assert.Equal(3, (await grains.GetGrain<IBudgetGrain>("b-uncommitted").GetStatus()).OpenReservations);

            // BM25 is never asked for again; the shards' next attempts, for DSIR, settle what BM25 reserved.
            var dsir = await grains.GetGrain<ISelectionGrain>("dsir-uncommitted").Run(Request("dsir"));
            var status = await grains.GetGrain<IBudgetGrain>("b-uncommitted").GetStatus();
            Assert.Equal(0, status.OpenReservations);
            Assert.True(status.SpentFlops > dsir.SelectionFlops, "the BM25 scorings that ran were not charged");
        }
        finally
        {
            await Stop(cluster);
        }
    }

    private static async Task Stop(TestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }
}
