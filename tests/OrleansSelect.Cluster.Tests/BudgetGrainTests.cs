using OrleansSelect.Abstractions;

namespace OrleansSelect.Cluster.Tests;

public class BudgetGrainTests
{
    [Fact]
    public async Task Sixty_four_concurrent_reservations_never_exceed_the_total()
    {
        using var folder = new TempFolder();
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var budget = cluster.GrainFactory.GetGrain<IBudgetGrain>("race");
            await budget.Create(1000);

            // 64 callers each want 30 FLOPs; only 33 of them fit in 1000.
            var answers = await Task.WhenAll(Enumerable.Range(0, 64)
                .Select(i => budget.Reserve($"op-{i}", 30, FlopCategory.Training, "random")));

            Assert.Equal(33, answers.Count(a => a.Granted));
            Assert.All(answers.Where(a => !a.Granted), a => Assert.Contains("only", a.RefusalReason));
            var status = await budget.GetStatus();
            Assert.Equal(990, status.ReservedFlops);
            Assert.True(status.ReservedFlops + status.SpentFlops <= status.TotalFlops);
            Assert.Equal(33, status.OpenReservations);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_same_operation_sent_many_times_at_once_is_charged_once()
    {
        using var folder = new TempFolder();
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var budget = cluster.GrainFactory.GetGrain<IBudgetGrain>("retries");
            await budget.Create(1000);
            await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => budget.Reserve("same", 100, FlopCategory.Selection, "bm25")));
            await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => budget.Commit("same", 90)));

            var status = await budget.GetStatus();
            Assert.Equal(90, status.SpentFlops);
            Assert.Equal(0, status.ReservedFlops);
            Assert.Equal(910, status.RemainingFlops);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_ledger_survives_a_restart_of_the_whole_cluster()
    {
        using var folder = new TempFolder();
        var database = folder.File("state.db");
        var first = await TestClusters.StartAsync(database);
        var budget = first.GrainFactory.GetGrain<IBudgetGrain>("durable");
        await budget.Create(5000);
        await budget.Reserve("select", 400, FlopCategory.Selection, "bm25");
        await budget.Commit("select", 350);
        await budget.Reserve("train", 2000, FlopCategory.Training, "bm25");
        await first.StopAllSilosAsync();
        await first.DisposeAsync();

        var second = await TestClusters.StartAsync(database);
        try
        {
            var status = await second.GrainFactory.GetGrain<IBudgetGrain>("durable").GetStatus();
            Assert.Equal(5000, status.TotalFlops);
            Assert.Equal(350, status.SpentFlops);
            Assert.Equal(2000, status.ReservedFlops);
            Assert.Equal(new BudgetLineView("selection", 0, 350), status.ByCategory.Single(l => l.Name == "selection"));

            // The open reservation is still recognised: repeating it does not charge again.
            var again = await second.GrainFactory.GetGrain<IBudgetGrain>("durable").Reserve("train", 2000, FlopCategory.Training, "bm25");
            Assert.True(again.Granted);
            Assert.Equal(2000, (await second.GrainFactory.GetGrain<IBudgetGrain>("durable").GetStatus()).ReservedFlops);
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }
}
