using OrleansSelect.Abstractions;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests;

public class JobPollingTests
{
    [Fact]
    public async Task Cancelling_stops_the_wait_instead_of_polling_back_to_back()
    {
        var never = new TaskCompletionSource<int>();
        int polls = 0;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => JobPolling.WaitAsync(
            never.Task,
            () =>
            {
                // Were the loop to spin, this ends the work with an error instead of hanging the test.
                if (++polls > 3) never.TrySetException(new InvalidOperationException("polled back to back"));
                return Task.FromResult(new JobProgress("work", 0, 1, ""));
            },
            _ => { },
            cancellation.Token));

        // The first poll comes after one 500 ms interval; the cancellation at 100 ms comes before it.
        Assert.Equal(0, polls);
    }
}
