using OrleansSelect.Abstractions;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Grains.Pool;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests;

/// <summary>What a shard tells a caller polling for a job: the signal that lets a lost call be started again.</summary>
public class ShardProgressTests
{
    [Fact]
    public async Task A_shard_says_whether_it_holds_a_job_only_once_it_took_it_up()
    {
        using var folder = new TempFolder();
        var (poolPath, targetDirectory) = TestData.Write(folder.Path);
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            await PoolIngestion.IngestAsync(cluster.GrainFactory, "p", poolPath, tokensPerShard: 100 * TestData.TokensPerExample);
            await cluster.GrainFactory.GetGrain<IBudgetGrain>("b").Create(1e14);
            var shard = cluster.GrainFactory.GetGrain<IShardGrain>(ShardKeys.For("p", 0));
            var targetHash = TargetContentHash.Of(targetDirectory);
            var request = new ShardScoreRequest("random", "none", targetDirectory, 1, "b", null, new SelectionTarget(0.1, null), 300, "test",
                SelectionMethods.DefaultEmbedder, targetHash, Prepared: null);
            var methods = SelectionMethodRegistration.BuiltIn();
            var scoreKey = ScoreKey.For(methods.Get("random"), request);

            // An activation that never received the call answers "not started": the caller may send it again.
            Assert.Equal(JobProgress.NotStarted, (await shard.GetProgress(scoreKey)).Phase);
            await shard.Score(request);
            Assert.NotEqual(JobProgress.NotStarted, (await shard.GetProgress(scoreKey)).Phase);
            // Another job it has not seen is still "not started" on an idle activation.
            Assert.Equal(JobProgress.NotStarted, (await shard.GetProgress(ScoreKey.ForStatistics(methods.Get("bm25"), targetHash))).Phase);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
