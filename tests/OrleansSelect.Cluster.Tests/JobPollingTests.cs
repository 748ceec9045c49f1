using OrleansSelect.Abstractions;
using OrleansSelect.Grains.Services;

namespace OrleansSelect.Cluster.Tests;

public class JobPollingTests
{
    [Fact]
    public async Task Cancelling_stops_the_wait_instead_of_polling_back_to_back()
    {
        var never = new TaskCompletionSource<int>();
        int polls = 0;
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel(); // Ctrl+C already pressed: no timing involved

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => JobPolling.WaitAsync(
            () => never.Task,
            () =>
            {
                // Were the loop to spin, this ends the work with an error instead of hanging the test.
                if (++polls > 3) never.TrySetException(new InvalidOperationException("polled back to back"));
                return Task.FromResult(new JobProgress("work", 0, 1, ""));
            },
            _ => { },
            cancellation.Token));

        // A cancelled wait interval ends at once, and the wait ends with it, before any poll.
        Assert.Equal(0, polls);
    }
}
