using System.Diagnostics;
using OrleansSelect.Abstractions;
using OrleansSelect.Cli.Console;
using OrleansSelect.Cluster.Tests.Postgres;
using Xunit.Abstractions;

namespace OrleansSelect.Cluster.Tests.Faults;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresRestartCollection
{
    public const string Name = "restarts the shared test PostgreSQL (runs alone)";
}

/// <summary>
/// The database goes away in the middle of a selection on two real silo processes, and comes back a
/// few seconds later. The selection either waits and completes, or fails with one sentence and
/// completes when asked again; either way it equals an undisturbed run and the ledger is exact.
/// </summary>
[Collection(PostgresRestartCollection.Name)]
public class PostgresRestartTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task A_selection_outlives_a_database_restart_with_its_state_intact()
    {
        await using var cluster = await FaultCluster.StartAsync(silos: 2);
        try
        {
            var (poolPath, targetDirectory) = TestData.Write(cluster.Home, reviews: 200, unrelated: 600);
            var run = $"run-{cluster.Tag}";
            var disturbed = FaultSelection.RunAsync(cluster.Grains, run, "bm25", poolPath, targetDirectory);
            var progress = await FaultSelection.WaitForPhaseAsync(cluster.Grains, run, disturbed, "scoring");
            var clock = Stopwatch.StartNew();
            var down = await LocalPostgres.RestartAsync(cluster.ConnectionString, downFor: TimeSpan.FromSeconds(3));
            output.WriteLine($"PostgreSQL stopped in scoring at {progress.Done}/{progress.Total} shards and started again {down.TotalSeconds:F1} s later");

            SelectionManifest manifest;
            try
            {
                manifest = await disturbed.WaitAsync(TimeSpan.FromMinutes(3));
                output.WriteLine($"time to recovery: the selection waited and completed {clock.Elapsed.TotalSeconds:F1} s after the stop");
            }
            catch (Exception e) when (e is not TimeoutException)
            {
                // What `select` would print: one sentence, not an internal error with a stack trace.
                output.WriteLine($"the selection failed: {string.Join(" <- ", Chain(e))}");
                var sentence = CommandRunner.UserMessage(e);
                Assert.True(sentence is not null, $"the failure is not a user-facing sentence: {e}");
                output.WriteLine($"the selection failed with: {sentence}");
                manifest = await FaultSelection.RunAgainAsync(cluster.Grains, run, "bm25", targetDirectory).WaitAsync(TimeSpan.FromMinutes(3));
                output.WriteLine($"time to recovery: the same selection asked again completed {clock.Elapsed.TotalSeconds:F1} s after the stop");
            }

            var referencePool = $"ref-{cluster.Tag}";
            var reference = await FaultSelection.RunAsync(cluster.Grains, referencePool, "bm25", poolPath, targetDirectory);
            Assert.Equal((await cluster.Grains.SelectedOf(reference)).Select(c => c.ExampleId), (await cluster.Grains.SelectedOf(manifest)).Select(c => c.ExampleId));
            Assert.Equal((await cluster.Grains.SelectedOf(reference)).Select(c => c.Score), (await cluster.Grains.SelectedOf(manifest)).Select(c => c.Score));
            Assert.Equal(reference.SelectionFlops, manifest.SelectionFlops);
            output.WriteLine(await FaultLedger.AssertExactAsync(cluster, referencePool, run));
        }
        catch
        {
            cluster.WriteSiloOutput(output);
            throw;
        }
    }

    private static IEnumerable<string> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            yield return $"{e.GetType().Name}: {e.Message}";
    }
}
