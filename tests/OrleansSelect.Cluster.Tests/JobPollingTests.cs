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

    [Fact]
    public async Task A_call_its_grain_never_took_up_is_given_up_and_started_again()
    {
        // The first call is never answered (as when a message dies with a silo that forwarded it and
        // Orleans never breaks its callback), and the grain's activation says it holds no job.
        var lost = new TaskCompletionSource<int>();
        int starts = 0;

        var result = await JobPolling.WaitAsync(
            () => ++starts == 1 ? lost.Task : Task.FromResult(42),
            () => Task.FromResult(JobProgress.Waiting),
            _ => { },
            unstartedPatience: TimeSpan.FromSeconds(1)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(42, result);
        Assert.Equal(2, starts);
    }

    [Fact]
    public async Task A_poll_that_never_answers_does_not_stall_the_wait()
    {
        // The job finishes while a poll hangs: the wait ends with the job, not with the poll.
        var work = new TaskCompletionSource<int>();
        var hung = new TaskCompletionSource<JobProgress>();
        int polls = 0;

        var waiting = JobPolling.WaitAsync(() => work.Task, () => { polls++; return hung.Task; }, _ => { });
        while (polls == 0)
            await Task.Delay(50);
        work.SetResult(7);

        Assert.Equal(7, await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_poll_that_expired_before_reaching_its_grain_is_skipped()
    {
        // Orleans cancels a message whose placement outlived its timeout ("Message expired before placement
        // could complete"), as while membership settles a dead silo's part of the grain directory.
        var work = new TaskCompletionSource<int>();
        int polls = 0;

        var waiting = JobPolling.WaitAsync(() => work.Task, () =>
        {
            if (++polls == 1)
                throw new OperationCanceledException("Message expired before placement could complete");
            work.TrySetResult(3);
            return Task.FromResult(new JobProgress("scoring", 0, 1, ""));
        }, _ => { });

        Assert.Equal(3, await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(polls >= 2);
    }
}
