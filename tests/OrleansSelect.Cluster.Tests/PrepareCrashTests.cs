using Orleans.TestingHost;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Models;
using OrleansSelect.Models.Gradient;
using OrleansSelect.Models.Training;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests;

/// <summary>What a selection killed in the middle of its prepare leaves in the ledger, once it is run again on the next cluster.</summary>
public class PrepareCrashTests
{
    // The whole pool as LESS's warmup sample: epochs of many steps, so the kill lands inside the warmup.
    private const string Settings = "warmup-fraction=1";
    private const int Seed = 3;

    [Fact]
    public async Task A_selection_killed_in_its_warmup_resumes_at_the_last_checkpoint_and_is_charged_only_what_is_left()
    {
        // The undisturbed selection runs on a state and models folder of its own: with the same inputs
        // it would otherwise make the very artifact the crashed one then finds done.
        using var calmFolder = new TempFolder();
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path, reviews: 40, unrelated: 120);
        var request = new SelectionRequest("toy", "gradient", targetDirectory, new SelectionTarget(0.25, null), Seed, "b", "test", "test",
            MethodSettings: Settings);

        var (undisturbed, calm) = await RunUndisturbed(calmFolder, poolPath, request);

        SelectorBases.WriteTestBase(folder.File("models"));
        var first = await TestClusters.StartAsync(folder.File("state.db"));
        await PoolIngestion.IngestAsync(first.GrainFactory, "toy", poolPath, tokensPerShard: 40 * TestData.TokensPerExample);
        await first.GrainFactory.GetGrain<IBudgetGrain>("b").Create(1e12);
        var running = first.GrainFactory.GetGrain<ISelectionGrain>("crashed").Run(request);
        var prepared = folder.File(Path.Combine("models", "prepared"));
        while (!running.IsCompleted && StepCheckpoints(prepared).Length == 0)
            await Task.Delay(10);
        Assert.False(running.IsCompleted, "the selection finished before it could be interrupted");
        foreach (var silo in first.Silos.ToList())
            await first.KillSiloAsync(silo);
        await first.DisposeAsync();
        await QuietAsync(prepared); // the killed prepare stops at its next step

        var plan = WarmupPlan(poolPath);
        int checkpointStep = int.Parse(Path.GetFileNameWithoutExtension(Assert.Single(StepCheckpoints(prepared)))["step-".Length..]);
        Assert.True(checkpointStep < plan.Steps.Count, $"the warmup finished (step {checkpointStep}) before it could be interrupted");
        double saved = plan.TotalFlops - plan.FlopsFrom(checkpointStep); // the warmup the checkpoint holds

        var second = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var resumed = await second.GrainFactory.GetGrain<ISelectionGrain>("crashed").Run(request);
            var status = await second.GrainFactory.GetGrain<IBudgetGrain>("b").GetStatus();
            Console.WriteLine($"killed after warmup step {checkpointStep} of {plan.Steps.Count}");

            // The resumed warmup is the undisturbed one: the same scores, and the same scoring charge.
            Assert.Equal(undisturbed.Select(c => (c.ExampleId, c.Score)), (await second.GrainFactory.SelectedOf(resumed)).Select(c => (c.ExampleId, c.Score)));
            Assert.Equal(Category(calm, "selection"), Category(status, "selection"), 1e-9 * Category(calm, "selection"));

            // The resumed prepare was charged only what its checkpoint did not hold (a manifest holds its
            // prepare and scoring charges; the undisturbed prepare is all of its training line).
            double fullPrepare = Category(calm, "training");
            double resumedPrepare = resumed.SelectionFlops - Category(status, "selection");
            Assert.Equal(fullPrepare - saved, resumedPrepare, 1e-9 * fullPrepare);

            // The interrupted attempt was charged its spend ceiling: at least the warmup it checkpointed,
            // less than the whole reservation it never finished.
            double interrupted = Category(status, "training") - resumedPrepare;
            Assert.True(interrupted >= saved, $"the interrupted attempt was charged {interrupted:E3} FLOPs, less than the {saved:E3} its checkpoint holds");
            Assert.True(interrupted < fullPrepare, $"the interrupted attempt was charged {interrupted:E3} FLOPs, its whole reservation, although it stopped early");

            // In all: the undisturbed selection's cost, less the warmup not run again, plus the interrupted attempt.
            Assert.Equal(calm.SpentFlops - saved + interrupted, status.SpentFlops, 1e-9 * calm.SpentFlops);
            Assert.Equal(0, status.OpenReservations);
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }

    private static async Task<(List<SelectedCandidate> Selected, BudgetView Budget)> RunUndisturbed(TempFolder folder, string poolPath, SelectionRequest request)
    {
        SelectorBases.WriteTestBase(folder.File("models"));
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            await PoolIngestion.IngestAsync(cluster.GrainFactory, "toy", poolPath, tokensPerShard: 40 * TestData.TokensPerExample);
            await cluster.GrainFactory.GetGrain<IBudgetGrain>("b").Create(1e12);
            var manifest = await cluster.GrainFactory.GetGrain<ISelectionGrain>("calm").Run(request);
            return (await cluster.GrainFactory.SelectedOf(manifest), await cluster.GrainFactory.GetGrain<IBudgetGrain>("b").GetStatus());
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    /// <summary>The warmup's plan as the method makes it: the seeded sample (the whole pool here) under the selector's tokenizer.</summary>
    private static TrainingPlan WarmupPlan(string poolPath)
    {
        var settings = new GradientSettings().With(MethodSettings.Parse(Settings));
        var sample = PoolSample.Draw(PoolJsonl.Read(poolPath), Seed, settings.WarmupFraction);
        var tokenizer = TokenCounting.TokenizerFor("test");
        return WarmupCheckpoints.Plan(ModelCatalog.Get("test"), settings, sample.Sum(e => TokenCounting.CountTokens(tokenizer, e)));
    }

    private static string[] StepCheckpoints(string prepared) =>
        Directory.Exists(prepared) ? Directory.GetFiles(prepared, "step-*.ckpt", SearchOption.AllDirectories) : [];

    /// <summary>Waits until the prepared folder has not changed for a moment.</summary>
    private static async Task QuietAsync(string prepared)
    {
        string Snapshot() => string.Join('|', Directory.GetFiles(prepared, "*", SearchOption.AllDirectories).Order()
            .Select(f => new FileInfo(f) is { Exists: true } file ? $"{f}:{file.Length}:{file.LastWriteTimeUtc.Ticks}" : f));
        for (string before = Snapshot(), after; ; before = after)
        {
            await Task.Delay(500);
            if ((after = Snapshot()) == before) return;
        }
    }

    private static double Category(BudgetView status, string name) => status.ByCategory.Single(l => l.Name == name).SpentFlops;
}
