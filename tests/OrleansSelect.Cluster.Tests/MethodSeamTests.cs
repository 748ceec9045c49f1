using Orleans.TestingHost;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Core.Scoring.Dsir;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests;

/// <summary>The method seam through the grains: what a score is cached by, what it costs, and sharded equals single-process.</summary>
public class MethodSeamTests
{
    private const double Budget = 5e12;

    [Fact]
    public async Task Bm25_scored_once_serves_every_seed_and_is_charged_once()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.GrainFactory;
            var pool = await PoolIngestion.IngestAsync(grains, "toy", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            await grains.GetGrain<IBudgetGrain>("b").Create(Budget);
            var seedOne = new SelectionRequest("toy", "bm25", targetDirectory, new SelectionTarget(0.1, null), 1, "b", "none", "test");

            var first = await grains.GetGrain<ISelectionGrain>("s1").Run(seedOne);
            var second = await grains.GetGrain<ISelectionGrain>("s2").Run(seedOne with { Seed = 2 });

            Assert.Equal(pool.Shards.Count, second.ShardsFromCache);
            Assert.Equal(0, second.ShardsScored);
            Assert.Equal(await grains.SelectedOf(first), await grains.SelectedOf(second));
            Assert.Equal(first.SelectionFlops, (await grains.GetGrain<IBudgetGrain>("b").GetStatus()).SpentFlops, precision: 3);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task A_reference_file_edited_in_place_is_scored_again()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.GrainFactory;
            var pool = await PoolIngestion.IngestAsync(grains, "toy", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            await grains.GetGrain<IBudgetGrain>("b").Create(Budget);
            var request = new SelectionRequest("toy", "bm25", targetDirectory, new SelectionTarget(0.1, null), 1, "b", "none", "test");
            await grains.GetGrain<ISelectionGrain>("before").Run(request);

            // Same folder, other content: the reviews go, a filler sentence takes their place.
            var referencePath = Path.Combine(targetDirectory, TargetTaskStore.ReferenceFile);
            PoolJsonl.Write(referencePath, [TestData.Unrelated(5000)]);
            var after = await grains.GetGrain<ISelectionGrain>("after").Run(request);

            Assert.Equal(pool.Shards.Count, after.ShardsScored);
            Assert.Equal(0, after.ShardsFromCache);
            var chosen = await grains.GetGrain<IShardGrain>($"toy/{(await grains.SelectedOf(after))[0].Shard}").Fetch([(await grains.SelectedOf(after))[0].ExampleId]);
            Assert.Equal("filler", chosen[0].Source);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task Shard_scoring_is_charged_from_token_counts_under_the_selectors_tokenizer_not_bytes()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.GrainFactory;
            var pool = await PoolIngestion.IngestAsync(grains, "toy", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            await grains.GetGrain<IBudgetGrain>("b").Create(Budget);
            var request = new SelectionRequest("toy", "bm25", targetDirectory, new SelectionTarget(0.1, null), 1, "b", "none", "test");
            var manifest = await grains.GetGrain<ISelectionGrain>("tokens").Run(request);

            var target = TargetTaskStore.Load(targetDirectory);
            double expected = 0;
            foreach (var shard in pool.Shards)
            {
                long tokens = await grains.GetGrain<IShardGrain>($"toy/{shard.Index}").CountTokens("test");
                Assert.NotEqual(shard.ByteCount, tokens);
                expected += new Bm25Scorer().EstimateFlops(shard.ExampleCount, tokens, target);
            }
            Assert.Equal(expected, manifest.SelectionFlops, precision: 3);
            // The plan prices the pool as one workload (the reference query tokenised once, not once per shard): within 1%.
            double planned = await grains.GetGrain<ISelectionGrain>("plan").EstimateFlops(request);
            Assert.InRange(planned, 0.99 * expected, expected);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task Dsir_sharded_over_three_silos_scores_exactly_like_one_process()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"), silos: 3);
        try
        {
            var grains = cluster.GrainFactory;
            var pool = await PoolIngestion.IngestAsync(grains, "toy", poolPath, tokensPerShard: 37 * TestData.TokensPerExample);
            await grains.GetGrain<IBudgetGrain>("b").Create(Budget);
            var request = new SelectionRequest("toy", "dsir", targetDirectory, new SelectionTarget(1.0, null), 5, "b", "none", "test");
            var manifest = await grains.GetGrain<ISelectionGrain>("dsir").Run(request);

            // One process, one shard holding the whole pool: prepare, count, score.
            ISelectionMethod dsir = new DsirMethod();
            var target = TargetTaskStore.Load(targetDirectory);
            var examples = PoolJsonl.Read(poolPath).ToList();
            var artifact = PreparedArtifact.Of(dsir.Prepare(target, new PrepareContext(folder.Path, new Progress<double>(), CancellationToken.None)));
            var global = dsir.MergeStatistics([dsir.CollectStatistics(examples, target, CancellationToken.None)]);
            var single = dsir.Score(new ShardScoringInput(examples, target, artifact, global, 5, 1.0), new Progress<double>(), CancellationToken.None);
            var expected = examples.Zip(single).ToDictionary(p => p.First.Id, p => p.Second);

            Assert.True(pool.Shards.Count >= 6);
            Assert.Equal(examples.Count, manifest.SelectedCount);
            Assert.All(await grains.SelectedOf(manifest), c => Assert.Equal(expected[c.ExampleId], c.Score)); // bit-identical, not just close
            Assert.Equal(artifact.ContentHash, manifest.Prepared!.ContentHash);

            // Prepare and every shard were charged once, and the ledger holds what the manifest says.
            var status = await grains.GetGrain<IBudgetGrain>("b").GetStatus();
            Assert.Equal(manifest.SelectionFlops, status.SpentFlops, precision: 3);
            Assert.Equal(0, status.OpenReservations);
            Assert.True(manifest.SelectionFlops > 0);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task Embed_with_minilm_over_three_silos_finds_the_reviews_and_charges_the_embedders_tokens()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path, reviews: 20, unrelated: 60);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"), silos: 3);
        try
        {
            var grains = cluster.GrainFactory;
            var pool = await PoolIngestion.IngestAsync(grains, "toy", poolPath, tokensPerShard: 20 * TestData.TokensPerExample);
            await grains.GetGrain<IBudgetGrain>("b").Create(Budget);
            var request = new SelectionRequest("toy", "embed", targetDirectory, new SelectionTarget(0.25, null), 1, "b", "none", "test", "minilm");
            var manifest = await grains.GetGrain<ISelectionGrain>("embed").Run(request);

            var chosen = await Task.WhenAll((await grains.SelectedOf(manifest)).GroupBy(c => c.Shard).Select(g =>
                grains.GetGrain<IShardGrain>($"toy/{g.Key}").Fetch(g.Select(c => c.ExampleId).ToList())));
            Assert.Equal(20, manifest.SelectedCount);
            Assert.All(chosen.SelectMany(c => c), e => Assert.Equal("pool-reviews", e.Source));

            // Prepare embedded the reference examples and every shard its own, at 2·N_embedder per computed token.
            ISelectionMethod embed = new OrleansSelect.Models.Embedding.EmbedMethod("minilm");
            var target = TargetTaskStore.Load(targetDirectory);
            var examples = PoolJsonl.Read(poolPath).ToList();
            double expected = embed.EstimatePrepareFlops(target, 0, null)
                + examples.Chunk(20).Sum(shard => embed.EstimateScoringFlops(new ScoringWorkload(shard.Length, 0, shard), target));
            var status = await grains.GetGrain<IBudgetGrain>("b").GetStatus();
            Assert.Equal(expected, manifest.SelectionFlops, precision: 0);
            Assert.Equal(manifest.SelectionFlops, status.SpentFlops, precision: 0);
            Assert.Equal(0, status.OpenReservations);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    [Fact]
    public async Task Prepare_runs_once_per_target_content_and_its_artifact_is_named_by_its_hash()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.GrainFactory;
            await PoolIngestion.IngestAsync(grains, "toy", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            await grains.GetGrain<IBudgetGrain>("b").Create(Budget);
            var request = new SelectionRequest("toy", "dsir", targetDirectory, new SelectionTarget(0.1, null), 1, "b", "none", "test");
            var first = await grains.GetGrain<ISelectionGrain>("first").Run(request);
            var spentOnce = (await grains.GetGrain<IBudgetGrain>("b").GetStatus()).SpentFlops;

            // Another seed: the same artifact, not prepared (nor charged) again; the shards score anew (dsir uses the seed).
            var reseeded = await grains.GetGrain<ISelectionGrain>("reseeded").Run(request with { Seed = 2 });
            Assert.Equal(first.Prepared, reseeded.Prepared);
            var spentTwice = (await grains.GetGrain<IBudgetGrain>("b").GetStatus()).SpentFlops;
            Assert.Equal(spentOnce + reseeded.SelectionFlops, spentTwice, precision: 3);
            Assert.Equal(first.SelectionFlops - FlopModel.DsirFlops(ReferenceTokens(targetDirectory)), reseeded.SelectionFlops, precision: 3);

            // Edited reference examples: a new artifact, whose name is the hash of its bytes.
            PoolJsonl.Write(Path.Combine(targetDirectory, TargetTaskStore.ReferenceFile), [TestData.Unrelated(5000)]);
            var edited = await grains.GetGrain<ISelectionGrain>("edited").Run(request);
            Assert.NotEqual(first.Prepared!.ContentHash, edited.Prepared!.ContentHash);
            Assert.Equal(PreparedArtifact.Of(File.ReadAllBytes(edited.Prepared.Path)).ContentHash, edited.Prepared.ContentHash);
        }
        finally
        {
            await Stop(cluster);
        }
    }

    private static long ReferenceTokens(string targetDirectory)
    {
        var tokenizer = OrleansSelect.Models.TokenCounting.TokenizerFor("test");
        return TargetTaskStore.Load(targetDirectory).Reference.Sum(e => OrleansSelect.Models.TokenCounting.CountTokens(tokenizer, e));
    }

    private static async Task Stop(TestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }
}
