using System.Diagnostics;
using OrleansSelect.Abstractions;
using OrleansSelect.Cluster.Tests.Postgres;
using Xunit.Abstractions;

namespace OrleansSelect.Cluster.Tests.Faults;

/// <summary>
/// Three real silo processes on PostgreSQL; one is killed with SIGKILL in the middle of a phase of a
/// selection. The selection must finish on the survivors with the same examples as an undisturbed run,
/// and the ledger must be exact (see <see cref="FaultLedger"/>).
/// </summary>
public class SiloKillTests(ITestOutputHelper output)
{
    [PostgresTheory]
    [InlineData("statistics", "bm25", false)]
    [InlineData("scoring", "bm25", false)]
    [InlineData("scoring", "bm25", true)]
    // A long prepare runs in the selection grain itself: its silo dies with the attempt reserved.
    [InlineData("prepare", "embed", true)]
    public async Task A_selection_survives_a_silo_killed_in_the_middle_of_a_phase(string phase, string method, bool killTheSelectionsSilo)
    {
        await using var cluster = await FaultCluster.StartAsync(silos: 3);
        try
        {
            // bm25: 100 shards, enough calls in flight that the killed silo holds some. embed: a small pool
            // (its scoring embeds every example) and enough reference examples that prepare takes seconds.
            var (poolPath, targetDirectory) = method == "embed"
                ? TestData.Write(cluster.Home, reviews: 24, unrelated: 72, references: 400)
                : TestData.Write(cluster.Home, reviews: 200, unrelated: 600);
            var run = $"run-{cluster.Tag}";
            var disturbed = FaultSelection.RunAsync(cluster.Grains, run, method, poolPath, targetDirectory);
            var progressAtKill = await FaultSelection.WaitForPhaseAsync(cluster.Grains, run, disturbed, phase);
            var selection = cluster.Grains.GetGrain<ISelectionGrain>(FaultSelection.SelectionOf(run));
            var host = await cluster.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(selection)
                ?? throw new InvalidOperationException("the selection has no activation to find its silo by");
            var victim = cluster.Silos.First(s => (s.SiloPort == host.Endpoint.Port) == killTheSelectionsSilo);
            var clock = Stopwatch.StartNew();
            victim.KillHard();
            output.WriteLine($"killed the silo on port {victim.SiloPort}{(killTheSelectionsSilo ? ", the selection's own," : "")} " +
                $"in {progressAtKill.Phase} at {progressAtKill.Done}/{progressAtKill.Total}");

            var manifest = await disturbed.WaitAsync(TimeSpan.FromMinutes(3));
            output.WriteLine($"time to recovery: the selection completed {clock.Elapsed.TotalSeconds:F1} s after the kill");

            // The undisturbed run, on the survivors, of the same file under another pool name so nothing
            // is shared; a prepared artifact is removed first so that this run prepares (and pays) too.
            if (manifest.Prepared is { } artifact)
                File.Delete(artifact.Path);
            var referencePool = $"ref-{cluster.Tag}";
            var reference = await FaultSelection.RunAsync(cluster.Grains, referencePool, method, poolPath, targetDirectory);
            output.WriteLine($"the undisturbed run took {reference.WallTime.TotalSeconds:F1} s");

            Assert.Equal((await cluster.Grains.SelectedOf(reference)).Select(c => c.ExampleId), (await cluster.Grains.SelectedOf(manifest)).Select(c => c.ExampleId));
            Assert.Equal((await cluster.Grains.SelectedOf(reference)).Select(c => c.Score), (await cluster.Grains.SelectedOf(manifest)).Select(c => c.Score));
            Assert.Equal(reference.SelectionFlops, manifest.SelectionFlops);
            Assert.Equal(reference.Prepared?.ContentHash, manifest.Prepared?.ContentHash);
            output.WriteLine(await FaultLedger.AssertExactAsync(cluster, referencePool, run));
        }
        catch
        {
            cluster.WriteSiloOutput(output);
            throw;
        }
    }
}
