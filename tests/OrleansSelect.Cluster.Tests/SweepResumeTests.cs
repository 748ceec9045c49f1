using Orleans.TestingHost;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.Sweeps;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests;

public class SweepResumeTests
{
    private const double BudgetPerRun = 5e12;

    private static SweepSpec Spec(string targetDirectory) => new()
    {
        Name = "resume",
        Pool = "toy",
        Targets = [targetDirectory],
        Methods = new Dictionary<string, IReadOnlyList<string>> { ["random"] = [], ["bm25"] = [] },
        TrainingSizes = ["test"],
        Fractions = [0.1, 0.2],
        Seeds = [1, 2],
        BudgetPerRun = BudgetPerRun,
    };

    [Fact]
    public async Task A_sweep_killed_halfway_resumes_on_a_new_cluster_and_runs_each_configuration_once_with_an_exact_ledger()
    {
        using var folder = new TempFolder();
        var database = folder.File("state.db");
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var spec = Spec(targetDirectory);
        var json = SweepSpecFile.ToJson(spec);
        var keys = new SweepGrid(spec).All().Select(r => r.Key).ToArray();

        var first = await TestClusters.StartAsync(database, silos: 2);
        await PoolIngestion.IngestAsync(first.GrainFactory, "toy", poolPath, tokensPerShard: 50 * TestData.TokensPerExample);
        var sweep = first.GrainFactory.GetGrain<ISweepGrain>("resume");
        var running = sweep.Run(json);
        SweepStatusView seen;
        do
        {
            await Task.Delay(50);
            seen = await sweep.GetStatus();
        } while (!running.IsCompleted && seen.Done < 3);
        Assert.False(running.IsCompleted, "the sweep finished before it could be stopped");
        Assert.True(seen.Running);
        Assert.InRange(seen.InFlight, 0, 2 * OrleansSelect.Silo.Sweeps.SweepGrain.RunsPerSilo); // two silos, RunsPerSilo runs in flight each
        foreach (var silo in first.Silos.ToList())
            await first.KillSiloAsync(silo);
        // The call that started the sweep is never answered now; it is not awaited (it would wait out the long-call timeout).
        _ = running.ContinueWith(t => t.Exception, TaskScheduler.Default);
        await first.DisposeAsync();

        var second = await TestClusters.StartAsync(database, silos: 2);
        try
        {
            var grains = second.GrainFactory;
            var before = new Dictionary<string, (SweepRunRecord Record, double Spent)>();
            foreach (var key in keys)
                if (await grains.GetGrain<ISweepRunGrain>(key).GetRecord() is { } record)
                    before[key] = (record, (await grains.GetGrain<IBudgetGrain>(key).GetStatus()).SpentFlops);
            Assert.InRange(before.Count, 3, keys.Length - 1);

            var view = await grains.GetGrain<ISweepGrain>("resume").Run(json);

            Assert.Equal(keys.Length, view.Total);
            Assert.Equal(keys.Length, view.Done);
            Assert.Equal(0, view.Failed);
            Assert.Equal(keys.Length - before.Count, view.FinishedHere);
            var results = await grains.GetGrain<ISweepGrain>("resume").GetResults();
            Assert.Equal(keys, results.Select(r => r.Request.RunKey));
            double ledger = 0;
            foreach (var result in results)
            {
                var budget = await grains.GetGrain<IBudgetGrain>(result.Request.RunKey).GetStatus();
                Assert.Equal(0, budget.OpenReservations);
                Assert.True(budget.SpentFlops <= BudgetPerRun);
                Assert.Equal(budget.SpentFlops, result.ChargedFlops);
                ledger += budget.SpentFlops;
                // A run finished before the kill was not run again: same record, not one FLOP more.
                if (before.TryGetValue(result.Request.RunKey, out var earlier))
                {
                    Assert.Equal(earlier.Record, result);
                    Assert.Equal(earlier.Spent, budget.SpentFlops);
                    Assert.Equal(result.EvaluationFlops, budget.ByCategory.Single(l => l.Name == "evaluation").SpentFlops, precision: 0);
                }
            }
            // The sweep's FLOPs are its runs' ledgers, exactly.
            Assert.Equal(ledger, view.ChargedFlops, precision: 0);
            var status = await grains.GetGrain<ISweepGrain>("resume").GetStatus();
            Assert.Equal((keys.Length, false, ledger), (status.Done, status.Running, status.ChargedFlops));

            // Asked again, the finished sweep runs nothing.
            var again = await grains.GetGrain<ISweepGrain>("resume").Run(json);
            Assert.Equal((keys.Length, 0L), (again.Done, again.FinishedHere));
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }
}
