using OrleansSelect.Cli.LocalCluster;
using OrleansSelect.Cluster.Tests.Postgres;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;
using Xunit.Abstractions;

namespace OrleansSelect.Cluster.Tests.Faults;

/// <summary>
/// Real silo processes on the test PostgreSQL for one fault test, with a client: a cluster id of
/// its own, grain keys tagged with a fresh id, a home folder of its own, and at the end, however
/// the test ended, every process killed and every row the test wrote removed.
/// </summary>
public sealed class FaultCluster : IAsyncDisposable
{
    private readonly TempFolder _home;

    private FaultCluster(string connectionString, string clusterId, TempFolder home, List<SiloProcess> silos)
    {
        ConnectionString = connectionString;
        ClusterId = clusterId;
        _home = home;
        Silos = silos;
    }

    public string ConnectionString { get; }

    public string ClusterId { get; }

    /// <summary>In every grain key the test makes, so its rows can be told from other tests' and removed.</summary>
    public string Tag { get; } = Guid.NewGuid().ToString("N")[..12];

    public string Home => _home.Path;

    public List<SiloProcess> Silos { get; }

    public ClusterClient Client { get; private set; } = null!;

    public IGrainFactory Grains => Client.Grains;

    private static readonly string Membership = ClusterSilo.MembershipSection.Replace(":", "__");

    // Test timing only: probes every 2 s, two missed probes suspect a silo, and the table is re-read
    // often, so a killed silo is declared dead within seconds, not a minute.
    private static readonly Dictionary<string, string> FastMembership = new()
    {
        [$"{Membership}__ProbeTimeout"] = "00:00:02",
        [$"{Membership}__NumMissedProbesLimit"] = "2",
        [$"{Membership}__TableRefreshTimeout"] = "00:00:02",
        [$"{Membership}__IAmAliveTablePublishTimeout"] = "00:00:05",
    };

    public static async Task<FaultCluster> StartAsync(int silos, int checkpointEvery = SiloComputeOptions.DefaultCheckpointEverySteps)
    {
        var connectionString = TestPostgres.Require();
        var clusterId = TestPostgres.UniqueId("fault");
        var home = new TempFolder();
        var starting = Enumerable.Range(0, silos).Select(_ => SiloProcess.StartAsync(connectionString, clusterId, home.Path, environment: FastMembership, checkpointEvery: checkpointEvery)).ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            // The silos that did start are not left running.
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
                started.Result.Dispose();
            home.Dispose();
            throw;
        }
        var cluster = new FaultCluster(connectionString, clusterId, home, starting.Select(t => t.Result).ToList());
        try
        {
            cluster.Client = await ClusterClient.ConnectAsync(connectionString, clusterId);
            AssertQuietStart(cluster.Silos);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>
    /// A silo that started well says so and nothing else: every fault test first checks that its
    /// silos joined without a warning (Orleans' watchdog once reported the machine's uptime as a
    /// stalled thread at each start; see SiloStartClock). By the time the client has connected each
    /// silo has run its first membership rounds, so a complaint about its start is in the output.
    /// One kind is allowed: Orleans' note that a scheduler turn took over a second, which says the
    /// machine was busy (three silos starting on shared cores), not that the start went wrong.
    /// </summary>
    private static void AssertQuietStart(IEnumerable<SiloProcess> silos)
    {
        foreach (var silo in silos)
        {
            var complaints = silo.Complaints().Where(c => !c.Contains(SlowTurnWarning, StringComparison.Ordinal)).ToList();
            Assert.True(complaints.Count == 0, $"the silo on port {silo.SiloPort} logged warnings at start:\n{silo.Output}");
        }
    }

    private const string SlowTurnWarning = "Orleans.Runtime.Scheduler.WorkItemGroup[101215]";

    /// <summary>Every silo's output, for a failed test's log.</summary>
    public void WriteSiloOutput(ITestOutputHelper output)
    {
        foreach (var silo in Silos)
            output.WriteLine($"--- silo on port {silo.SiloPort}:\n{silo.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Client is not null)
                await Client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception)
        {
            // The processes below are killed whatever the client did.
        }
        foreach (var silo in Silos)
            silo.Dispose();
        FaultLedger.Forget(ConnectionString, Tag, ClusterId);
        _home.Dispose();
    }
}
