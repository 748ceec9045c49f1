using Orleans.Storage;
using OrleansSelect.Grains.Services;

namespace OrleansSelect.Cluster.Tests;

public class SiloLossRetryTests
{
    [Fact]
    public async Task A_write_that_lost_to_a_duplicate_activation_is_repeated()
    {
        // After a silo dies, a grain may be activated twice for a moment; the one whose write loses
        // the race fails with a version conflict, and the call is repeated against what was stored.
        int calls = 0;
        var result = await SiloLossRetry.RunAsync(() => ++calls == 1
            ? throw new InconsistentStateException("Version conflict (WriteState)", "1", "2")
            : Task.FromResult("manifest"));

        Assert.Equal("manifest", result);
        Assert.Equal(2, calls);
    }
}
