using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansSelect.Grains;
using OrleansSelect.Grains.Telemetry;
using OrleansSelect.Silo.Storage;

namespace OrleansSelect.Cluster.Tests;

/// <summary>The counting grain-state serializer, and that the silo's storage writes through it.</summary>
public class GrainStateWriteCountTests
{
    // A type of this test's own: the meter is process-wide and other tests write real grain state concurrently.
    private sealed record TallyProbeState(string Name, int[] Values);

    [Fact]
    public void A_write_is_counted_under_its_state_type_with_its_serialized_length()
    {
        using var tally = new GrainStateWriteTally();
        var serializer = new CountingGrainStorageSerializer(new SystemTextJsonGrainStorageSerializer(
            Options.Create(new SystemTextJsonGrainStorageSerializerOptions())));

        var first = serializer.Serialize(new TallyProbeState("a", [1, 2, 3]));
        var second = serializer.Serialize(new TallyProbeState("longer name", [.. Enumerable.Range(0, 100)]));

        var probe = tally.For(nameof(TallyProbeState));
        Assert.Equal(2, probe.Writes);
        Assert.Equal(first.ToMemory().Length + second.ToMemory().Length, probe.Bytes);
        Assert.True(second.ToMemory().Length > first.ToMemory().Length);
        Assert.Equal(probe, tally.ByState[nameof(TallyProbeState)]);
        // Reading is not writing, and the state comes back whole.
        Assert.Equal("longer name", serializer.Deserialize<TallyProbeState>(second)!.Name);
        Assert.Equal(2, tally.For(nameof(TallyProbeState)).Writes);
    }

    [Fact]
    public async Task The_silos_grain_storage_counts_each_state_write()
    {
        using var folder = new TempFolder();
        var cluster = await TestClusters.StartAsync(folder.File("state.db"));
        try
        {
            var services = ((Orleans.TestingHost.InProcessSiloHandle)cluster.Primary!).SiloHost.Services;
            var options = services.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(StorageNames.Default);
            Assert.IsType<CountingGrainStorageSerializer>(options.GrainStorageSerializer);

            using var tally = new GrainStateWriteTally();
            await cluster.SiloGrains().GetGrain<Abstractions.IBudgetGrain>("tally-budget").Create(1e12);

            // At least: other tests in this process may write budgets at the same time. The budget's
            // rows are counted by its ledger store, its entry in the catalog by the grain storage.
            var ledger = tally.For(SqlBudgetLedgerStore.MetricName);
            Assert.True(ledger.Writes >= 1, "the budget's creation was not counted");
            Assert.True(ledger.Bytes > 0);
            var catalog = tally.For(nameof(Grains.Catalog.CatalogState));
            Assert.True(catalog.Writes >= 1, "the budget's catalog entry was not counted");
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
