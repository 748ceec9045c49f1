using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace OrleansSelect.Cluster.Tests;

/// <summary>Starts TestingHost clusters whose silos persist to one SQLite file, so a test can stop a cluster and start another on the same state.</summary>
public static class TestClusters
{
    /// <param name="mergeFanOut">The silos' merge-tree fan-out; a small one makes a deep tree of a small pool.</param>
    /// <param name="scoringBatchExamples">Examples a shard scores at once; a small one makes a small pool's shards score in many batches.</param>
    /// <param name="selectionPartRows">Rows per part of a selection file; a small one splits a small selection into parts.</param>
    public static async Task<TestCluster> StartAsync(string databasePath, short silos = 1, int mergeFanOut = Core.Selection.MergeTree.DefaultFanOut,
        int scoringBatchExamples = Grains.Services.SiloComputeOptions.DefaultScoringBatchExamples,
        int selectionPartRows = Core.Selection.SelectionFile.DefaultPartRows)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ServiceId = "orleansselect-tests";
        builder.ConfigureHostConfiguration(config =>
            config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [TestSiloConfigurator.DatabaseKey] = databasePath,
                [TestSiloConfigurator.MergeFanOutKey] = mergeFanOut.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [TestSiloConfigurator.ScoringBatchKey] = scoringBatchExamples.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [TestSiloConfigurator.SelectionPartRowsKey] = selectionPartRows.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }));
        builder.AddSiloBuilderConfigurator<TestSiloConfigurator>();
        builder.AddClientBuilderConfigurator<TestClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>
    /// The grains as the embedded CLI reaches them, through the silo's own factory. A user error then
    /// arrives as itself; through the test client it cannot yet, as UserInputException has no Orleans codec.
    /// </summary>
    public static IGrainFactory SiloGrains(this TestCluster cluster) =>
        ((InProcessSiloHandle)cluster.Primary).SiloHost.Services.GetRequiredService<IGrainFactory>();
}

/// <summary>The test client waits for long grain calls (a whole training run) as the real CLI does.</summary>
public sealed class TestClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder client) =>
        client.Configure<Orleans.Configuration.ClientMessagingOptions>(o => o.ResponseTimeout = OrleansSelect.Silo.Hosting.SiloSetup.LongCallTimeout);
}
