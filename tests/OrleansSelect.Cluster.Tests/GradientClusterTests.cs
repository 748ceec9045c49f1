using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Grains.Services;
using OrleansSelect.Models;
using OrleansSelect.Models.Gradient;
using OrleansSelect.Models.Pretraining;
using OrleansSelect.Models.Training;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests;

/// <summary>gradient (LESS) through the grains: the warmup sample drawn from every shard, prepare once, shards scoring where they live.</summary>
public class GradientClusterTests
{
    /// <summary>A "test"-size base where the silos look for the selector's pretrained base.</summary>
    private static void WriteSelectorBase(string modelDirectory)
    {
        var checkpoint = Path.Combine(modelDirectory, "test-base.ckpt");
        Directory.CreateDirectory(Path.Combine(modelDirectory, "pretrained"));
        using (var model = ModelFactory.Create(ModelCatalog.Get("test"), new ComputeOptions("cpu", Precision.Fp32, 1), seed: 2))
            Checkpoint.Save(checkpoint, model, null);
        File.WriteAllText(Path.Combine(modelDirectory, "pretrained", "test.json"), JsonSerializer.Serialize(
            new PretrainedModel("test", checkpoint, "tests", 0, 0, 0, 0, "fp32", 0, 0, 0)));
    }

    [Fact]
    public async Task Gradient_sharded_over_three_silos_scores_exactly_like_one_process_and_the_ledger_holds_its_estimate()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path, reviews: 40, unrelated: 120);
        WriteSelectorBase(folder.File("models"));
        var cluster = await TestClusters.StartAsync(folder.File("state.db"), silos: 3);
        try
        {
            var grains = cluster.GrainFactory;
            var pool = await PoolIngestion.IngestAsync(grains, "toy", poolPath, tokensPerShard: 23 * TestData.TokensPerExample);
            await grains.GetGrain<IBudgetGrain>("b").Create(1e12);
            var request = new SelectionRequest("toy", "gradient", targetDirectory, new SelectionTarget(1.0, null), 3, "b", "test", "test");
            var planned = await grains.GetGrain<ISelectionGrain>("plan").EstimateFlops(request);
            var manifest = await grains.GetGrain<ISelectionGrain>("gradient").Run(request);

            // One process, the whole pool as one shard, the same method as the silos hold.
            var silo = ((InProcessSiloHandle)cluster.Primary).SiloHost.Services;
            var method = silo.GetRequiredService<SelectionMethods>().Get("gradient", "");
            var selector = SelectorCheckpoints.Load(SelectorCheckpoints.Resolve(folder.File("models"), method, "test"))!;
            var target = TargetTaskStore.Load(targetDirectory);
            var examples = PoolJsonl.Read(poolPath).ToList();
            var sample = PoolSample.Merge([PoolSample.Draw(examples, 3, method.PoolSampleFraction)]);
            var artifact = PreparedArtifact.Of(method.Prepare(target,
                new PrepareContext(folder.File("single"), new Progress<double>(), CancellationToken.None, selector, sample)));
            var single = method.Score(new ShardScoringInput(examples, target, artifact, null, 3, double.MaxValue, selector),
                new Progress<double>(), CancellationToken.None);
            var expected = examples.Zip(single).ToDictionary(p => p.First.Id, p => p.Second);

            Assert.True(pool.Shards.Count >= 6);
            Assert.NotEmpty(sample);
            Assert.Equal(examples.Count, manifest.SelectedCount);
            Assert.All(await grains.SelectedOf(manifest), c => Assert.Equal(expected[c.ExampleId], c.Score)); // bit-identical, not just close

            // The warmup is charged as training and the scoring as selection, each its estimate, with nothing left open.
            var status = await grains.GetGrain<IBudgetGrain>("b").GetStatus();
            Assert.Equal(0, status.OpenReservations);
            Assert.Equal(manifest.SelectionFlops, status.SpentFlops, precision: 3);
            // The plan has token counts alone: not the lengths (attention costs by length), not the drawn
            // sample, and it counts the tokens past the context that scoring cuts off (these byte-level
            // reviews run past 64): above the charge, by less than a third.
            Assert.InRange(planned, manifest.SelectionFlops, 1.3 * manifest.SelectionFlops);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
    [Fact]
    public async Task The_warmup_epochs_given_reach_the_method_its_artifact_its_score_keys_and_its_charges()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path, reviews: 40, unrelated: 120);
        SelectorBases.WriteTestBase(folder.File("models"));
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var grains = cluster.SiloGrains(); // a user error arrives as itself
            await PoolIngestion.IngestAsync(grains, "toy", poolPath, tokensPerShard: 40 * TestData.TokensPerExample);
            foreach (var name in new[] { "one", "two", "bad" })
                await grains.GetGrain<IBudgetGrain>(name).Create(1e12);
            SelectionRequest Request(string budget, string settings) =>
                new("toy", "gradient", targetDirectory, new SelectionTarget(0.25, null), 3, budget, "test", "test", MethodSettings: settings);

            // A bad setting is the method's one sentence, before anything is reserved.
            var error = await Assert.ThrowsAnyAsync<UserInputException>(() => grains.GetGrain<ISelectionGrain>("bad").Run(Request("bad", "warmup-epochs=0")));
            Assert.Equal("the gradient method's warmup needs at least 1 epoch, got 0.", error.Message);
            var bad = await grains.GetGrain<IBudgetGrain>("bad").GetStatus();
            Assert.Equal(0, bad.ReservedFlops);
            Assert.Equal(0, bad.SpentFlops);

            var one = await grains.GetGrain<ISelectionGrain>("one").Run(Request("one", "warmup-epochs=1"));
            var two = await grains.GetGrain<ISelectionGrain>("two").Run(Request("two", "warmup-epochs=2"));

            // Another prepared artifact, and other score keys: the second selection scored every shard itself.
            Assert.NotEqual(one.Prepared!.Path, two.Prepared!.Path);
            Assert.Equal(0, two.ShardsFromCache);

            // Each prepare was charged (as training) what the method with those settings estimates for the
            // drawn sample, within 1%; twice the warmup, with a reference pass per checkpoint, costs twice as much.
            var silo = ((InProcessSiloHandle)cluster.Primary).SiloHost.Services;
            var methods = silo.GetRequiredService<SelectionMethods>();
            var selector = SelectorCheckpoints.Load(SelectorCheckpoints.Resolve(folder.File("models"), methods.Get("gradient"), "test"))!;
            var target = TargetTaskStore.Load(targetDirectory);
            var sample = PoolSample.Draw(PoolJsonl.Read(poolPath), 3, new GradientSettings().WarmupFraction);
            long sampleTokens = sample.Sum(e => TokenCounting.CountTokens(TokenCounting.TokenizerFor("test"), e));
            double Estimate(string settings)
            {
                var method = methods.Get("gradient", "", settings);
                return method.EstimatePrepareFlops(target, 0, selector) + method.EstimatePoolSampleFlops(sample.Count, sampleTokens, selector, null);
            }
            double oneCharged = Training(await grains.GetGrain<IBudgetGrain>("one").GetStatus());
            double twoCharged = Training(await grains.GetGrain<IBudgetGrain>("two").GetStatus());
            Assert.InRange(Estimate("warmup-epochs=1"), 0.99 * oneCharged, 1.01 * oneCharged);
            Assert.InRange(Estimate("warmup-epochs=2"), 0.99 * twoCharged, 1.01 * twoCharged);
            Assert.Equal(2 * oneCharged, twoCharged, 1e-9 * twoCharged);
            Assert.True(Estimate("") > 1.5 * twoCharged, "the default 4 epochs should cost more than 2");
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private static double Training(BudgetView status) => status.ByCategory.Single(l => l.Name == "training").SpentFlops;
}
