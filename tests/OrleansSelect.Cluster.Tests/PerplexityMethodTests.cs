using System.Security.Cryptography;
using Orleans.TestingHost;
using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Core.Selection;
using OrleansSelect.Models;
using OrleansSelect.Models.Embedding;
using OrleansSelect.Models.Perplexity;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests;

/// <summary>The selector methods through the grains: perplexity, perplexity-mid and embed --embedder selector on a multi-silo cluster.</summary>
public class PerplexityMethodTests
{
    private const double Budget = 1e13;

    /// <summary>The test silos' compute (TestSiloConfigurator): what one process must score with to match them bit for bit.</summary>
    private static readonly ComputeOptions SiloCompute = new("cpu", Precision.Fp32, 2);

    [Fact]
    public async Task Perplexity_over_three_silos_scores_exactly_like_one_process_and_perplexity_mid_reorders_its_cached_scores()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path, reviews: 20, unrelated: 60);
        var basePath = SelectorBases.WriteTestBase(folder.File("models"));
        var cluster = await TestClusters.StartAsync(folder.File("state.db"), silos: 3);
        try
        {
            var grains = cluster.GrainFactory;
            var pool = await PoolIngestion.IngestAsync(grains, "toy", poolPath, tokensPerShard: 20 * TestData.TokensPerExample);
            await grains.GetGrain<IBudgetGrain>("b").Create(Budget);
            var request = new SelectionRequest("toy", "perplexity", targetDirectory, new SelectionTarget(0.25, null), 1, "b", "test", "test");
            double planned = await grains.GetGrain<ISelectionGrain>("perplexity").EstimateFlops(request);
            var manifest = await grains.GetGrain<ISelectionGrain>("perplexity").Run(request);

            // One process, the whole pool as one shard, with the finetuned selector prepare made.
            ISelectionMethod perplexity = new PerplexityMethod(SiloCompute);
            var target = TargetTaskStore.Load(targetDirectory);
            var examples = PoolJsonl.Read(poolPath).ToList();
            var selector = new SelectorModel("test", basePath, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(basePath))));
            var artifact = PreparedArtifact.Of(File.ReadAllBytes(manifest.Prepared!.Path));
            var single = perplexity.Score(new ShardScoringInput(examples, target, artifact, null, 1, 1.0, selector), new Progress<double>(), CancellationToken.None);
            var expected = examples.Zip(single).ToDictionary(p => p.First.Id, p => p.Second);

            Assert.Equal(4, pool.Shards.Count);
            Assert.All(await grains.SelectedOf(manifest), c => Assert.Equal(expected[c.ExampleId], c.Score)); // bit-identical, not just close
            Assert.True(manifest.SelectedCount >= 10);
            var chosen = await Task.WhenAll((await grains.SelectedOf(manifest)).GroupBy(c => c.Shard).Select(g =>
                grains.GetGrain<IShardGrain>($"toy/{g.Key}").Fetch(g.Select(c => c.ExampleId).ToList())));
            Assert.All(chosen.SelectMany(c => c), e => Assert.Equal("pool-reviews", e.Source));

            // Prepare (as training) and every shard were charged once, what the plan said.
            var status = await grains.GetGrain<IBudgetGrain>("b").GetStatus();
            Assert.Equal(manifest.SelectionFlops, status.SpentFlops, precision: 0);
            Assert.Equal(planned, manifest.SelectionFlops, precision: 0);
            Assert.Equal(0, status.OpenReservations);

            // perplexity-mid: the same finetune and scores (nothing scored or charged again), in curriculum order.
            var mid = await grains.GetGrain<ISelectionGrain>("mid").Run(request with { Method = "perplexity-mid", Seed = 4 });
            Assert.Equal(pool.Shards.Count, mid.ShardsFromCache);
            Assert.Equal(manifest.Prepared, mid.Prepared);
            Assert.True(mid.InTrainingOrder);
            Assert.False(manifest.InTrainingOrder);
            var curriculum = CurriculumOrder.MiddleLowHigh((await grains.SelectedOf(manifest)).Select(c => new ScoredExample(c.ExampleId, c.Score, c.Tokens)).ToList(), 4);
            Assert.Equal(curriculum.Select(e => e.ExampleId), (await grains.SelectedOf(mid)).Select(c => c.ExampleId));
            Assert.Equal(status.SpentFlops, (await grains.GetGrain<IBudgetGrain>("b").GetStatus()).SpentFlops, precision: 0);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task Embed_with_the_selector_over_three_silos_scores_exactly_like_one_process()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path, reviews: 20, unrelated: 60);
        var basePath = SelectorBases.WriteTestBase(folder.File("models"));
        var cluster = await TestClusters.StartAsync(folder.File("state.db"), silos: 3);
        try
        {
            var grains = cluster.GrainFactory;
            await PoolIngestion.IngestAsync(grains, "toy", poolPath, tokensPerShard: 20 * TestData.TokensPerExample);
            await grains.GetGrain<IBudgetGrain>("b").Create(Budget);
            var request = new SelectionRequest("toy", "embed", targetDirectory, new SelectionTarget(1.0, null), 1, "b", "test", "test", "selector");
            var manifest = await grains.GetGrain<ISelectionGrain>("embed").Run(request);

            ISelectionMethod embed = new SelectorEmbedMethod(SiloCompute);
            var target = TargetTaskStore.Load(targetDirectory);
            var examples = PoolJsonl.Read(poolPath).ToList();
            var selector = new SelectorModel("test", basePath, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(basePath))));
            var artifact = PreparedArtifact.Of(File.ReadAllBytes(manifest.Prepared!.Path));
            var single = embed.Score(new ShardScoringInput(examples, target, artifact, null, 1, 1.0, selector), new Progress<double>(), CancellationToken.None);
            var expected = examples.Zip(single).ToDictionary(p => p.First.Id, p => p.Second);

            Assert.Equal(examples.Count, manifest.SelectedCount);
            Assert.All(await grains.SelectedOf(manifest), c => Assert.Equal(expected[c.ExampleId], c.Score));
            var status = await grains.GetGrain<IBudgetGrain>("b").GetStatus();
            Assert.Equal(manifest.SelectionFlops, status.SpentFlops, precision: 0);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task A_target_without_reference_examples_is_refused_before_anything_is_reserved()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        PoolJsonl.Write(Path.Combine(targetDirectory, TargetTaskStore.ReferenceFile), []);
        SelectorBases.WriteTestBase(folder.File("models"));
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.SiloGrains();
            await PoolIngestion.IngestAsync(grains, "toy", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            var budget = grains.GetGrain<IBudgetGrain>("b");
            await budget.Create(Budget);

            foreach (var (method, embedder) in new[] { ("perplexity", "minilm"), ("perplexity-mid", "minilm"), ("embed", "selector") })
            {
                var error = await Assert.ThrowsAnyAsync<UserInputException>(() => grains.GetGrain<ISelectionGrain>($"no-reference-{method}").Run(
                    new SelectionRequest("toy", method, targetDirectory, new SelectionTarget(0.1, null), 1, "b", "test", "test", embedder)));
                Assert.Contains("reference.jsonl holds no examples; a target needs reference and test examples", error.Message);
            }
            var status = await budget.GetStatus();
            Assert.Equal(0, status.ReservedFlops);
            Assert.Equal(0, status.SpentFlops);
            Assert.Equal(0, status.OpenReservations);
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
