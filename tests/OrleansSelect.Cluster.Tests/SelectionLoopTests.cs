using Orleans.TestingHost;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests;

public class SelectionLoopTests
{
    private const double Budget = 5e12;

    [Fact]
    public async Task Bm25_finds_the_reviews_and_the_whole_loop_charges_one_ledger()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"), silos: 2);
        try
        {
            var grains = cluster.GrainFactory;
            var pool = await PoolIngestion.IngestAsync(grains, "toy", poolPath, tokensPerShard: 50 * TestData.TokensPerExample);
            Assert.Equal(300, pool.ExampleCount);
            Assert.Equal(6, pool.Shards.Count);

            var spec = new ExperimentSpec("bm25-run", "toy", targetDirectory, "bm25", "b-bm25", Budget, "test", Fraction: 0.1);
            var report = await ExperimentRunner.RunAsync(grains, spec);

            // 10% of 300 = 30 examples, and every one of them is a review, not filler.
            var manifest = (await grains.GetGrain<ISelectionGrain>("bm25-run/select").GetManifest())!;
            Assert.Equal(30, manifest.SelectedCount);
            var chosen = await FetchAll(grains, manifest);
            Assert.All(chosen, e => Assert.Equal("pool-reviews", e.Source));
            Assert.Equal(6, manifest.ShardsScored);
            // The scoring fan-out and the merge are timed, each within the selection's wall time.
            Assert.True(manifest.ScoringTime > TimeSpan.Zero && manifest.MergeTime > TimeSpan.Zero);
            Assert.True(manifest.ScoringTime + manifest.MergeTime <= manifest.WallTime);

            // Selection, training and evaluation all landed in the one ledger, exactly as reported.
            var status = await grains.GetGrain<IBudgetGrain>("b-bm25").GetStatus();
            Assert.Equal(0, status.OpenReservations);
            Assert.Equal(report.TotalFlops, status.SpentFlops, precision: 0);
            Assert.True(report.SelectionFlops > 0 && report.TrainingFlops > 0 && report.EvaluationFlops > 0);
            Assert.True(status.SpentFlops <= Budget);
            Assert.Equal(["evaluation", "selection", "training"], status.ByCategory.Select(l => l.Name));
            Assert.InRange(report.Accuracy, 0, 1);
            Assert.True(report.BitsPerByte > 0);

            // Running the same experiment again answers from storage and charges nothing more.
            var again = await ExperimentRunner.RunAsync(grains, spec);
            Assert.Equal(report.Accuracy, again.Accuracy);
            Assert.Equal(status.SpentFlops, (await grains.GetGrain<IBudgetGrain>("b-bm25").GetStatus()).SpentFlops);

            // A finished run keeps its cap although the budget has less left now, so `train` run again
            // asks for the same run (and gets its stored result) instead of one with other settings.
            var trainer = grains.GetGrain<ITrainerGrain>("bm25-run/train");
            double storedCap = (await trainer.GetResult())!.Request.MaxTrainFlops;
            Assert.True(storedCap > status.RemainingFlops);
            Assert.Equal(storedCap, await TrainingCap.ResolveAsync(trainer, grains.GetGrain<IBudgetGrain>("b-bm25"), "b-bm25", report.EvaluationFlops));
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task Random_selection_is_reproducible_and_free_of_selection_cost()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.GrainFactory;
            await PoolIngestion.IngestAsync(grains, "toy", poolPath, tokensPerShard: 64 * TestData.TokensPerExample);
            await grains.GetGrain<IBudgetGrain>("b").Create(Budget);
            var request = new SelectionRequest("toy", "random", targetDirectory, new SelectionTarget(0.2, null), 7, "b", "none", "test");
            var first = await grains.GetGrain<ISelectionGrain>("r1").Run(request);
            var second = await grains.GetGrain<ISelectionGrain>("r2").Run(request);

            Assert.Equal(60, first.SelectedCount);
            Assert.Equal((await grains.SelectedOf(first)).Select(c => c.ExampleId), (await grains.SelectedOf(second)).Select(c => c.ExampleId));
            Assert.Equal(0, first.SelectionFlops);
            Assert.Equal(first.ShardsScored + first.ShardsFromCache, second.ShardsFromCache); // the second run reused every shard's scores
            var other = await grains.GetGrain<ISelectionGrain>("r3").Run(request with { Seed = 8 });
            Assert.NotEqual((await grains.SelectedOf(first)).Select(c => c.ExampleId), (await grains.SelectedOf(other)).Select(c => c.ExampleId));
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task A_selection_interrupted_by_a_crash_resumes_without_rescoring_or_double_charging()
    {
        using var folder = new TempFolder();
        var database = folder.File("state.db");
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var request = new SelectionRequest("toy", "bm25", targetDirectory, new SelectionTarget(0.1, null), 1, "b", "none", "test");

        // First life: half of the shards get scored, then the cluster dies before the merge.
        var first = await TestClusters.StartAsync(database);
        var pool = await PoolIngestion.IngestAsync(first.GrainFactory, "toy", poolPath, tokensPerShard: 50 * TestData.TokensPerExample);
        await first.GrainFactory.GetGrain<IBudgetGrain>("b").Create(Budget);
        var targetHash = TargetContentHash.Of(targetDirectory);
        var statistics = await Task.WhenAll(pool.Shards.Select(s =>
            first.GrainFactory.GetGrain<IShardGrain>($"toy/{s.Index}").CollectStatistics(new ShardStatisticsRequest("bm25", "minilm", targetDirectory, targetHash))));
        var global = new Bm25Scorer().MergeStatistics(statistics);
        var shardRequest = new ShardScoreRequest("bm25", "none", targetDirectory, 1, "b", global, request.Target, pool.ExampleCount, "test",
            "minilm", targetHash, Prepared: null);
        var scoredBeforeCrash = new List<ShardScoreResult>();
        foreach (var shard in pool.Shards.Take(3))
            scoredBeforeCrash.Add(await first.GrainFactory.GetGrain<IShardGrain>($"toy/{shard.Index}").Score(shardRequest));
        double spentBeforeCrash = (await first.GrainFactory.GetGrain<IBudgetGrain>("b").GetStatus()).SpentFlops;
        foreach (var silo in first.Silos.ToList())
            await first.KillSiloAsync(silo);
        await first.DisposeAsync();

        // Second life on the same database: the selection finishes, reusing the three scored shards.
        var second = await TestClusters.StartAsync(database);
        try
        {
            var manifest = await second.GrainFactory.GetGrain<ISelectionGrain>("resumed").Run(request);
            Assert.Equal(3, manifest.ShardsFromCache);
            Assert.Equal(3, manifest.ShardsScored);

            var status = await second.GrainFactory.GetGrain<IBudgetGrain>("b").GetStatus();
            Assert.Equal(scoredBeforeCrash.Sum(r => r.ScoringFlops), spentBeforeCrash, precision: 3);
            Assert.Equal(manifest.SelectionFlops, status.SpentFlops, precision: 3); // every shard charged exactly once
            Assert.Equal(0, status.OpenReservations);
        }
        finally
        {
            await Stop(second);
        }
    }

    [Fact]
    public async Task A_target_without_labels_is_measured_in_bits_per_byte_and_its_result_persists()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path, labelled: false);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            await PoolIngestion.IngestAsync(cluster.GrainFactory, "toy", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            var spec = new ExperimentSpec("gen", "toy", targetDirectory, "bm25", "b", Budget, "test", Fraction: 0.1);
            var report = await ExperimentRunner.RunAsync(cluster.GrainFactory, spec);

            Assert.True(double.IsNaN(report.Accuracy));
            Assert.True(report.BitsPerByte > 0);
            var stored = await cluster.GrainFactory.GetGrain<ITrainerGrain>("gen/train").GetResult();
            Assert.NotNull(stored);
            Assert.True(double.IsNaN(stored.Accuracy));
        }
        finally
        {
            await Stop(cluster);
        }
    }

    private static async Task<List<ExampleView>> FetchAll(IGrainFactory grains, SelectionManifest manifest)
    {
        var parts = await Task.WhenAll((await grains.SelectedOf(manifest)).GroupBy(c => c.Shard).Select(g =>
            grains.GetGrain<IShardGrain>($"{manifest.Request.PoolName}/{g.Key}").Fetch(g.Select(c => c.ExampleId).ToList())));
        return parts.SelectMany(p => p).ToList();
    }

    private static async Task Stop(TestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }
}
