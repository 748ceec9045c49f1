using OrleansSelect.Abstractions;

namespace OrleansSelect.Grains.Services;

/// <summary>
/// Starts a long grain job and waits for it, polling the grain's progress (an interleaved call with
/// a short timeout) for display and for the job's health. A long call is never trusted to end by
/// itself: when the silo running the job dies, the call that started it may never be answered
/// (Orleans breaks only calls addressed to the dead silo itself, and the response timeout is
/// hours). So the wait gives the call up when a poll reaches an activation that does not hold the
/// job: at once if the job had been seen running, else once it has stayed unstarted for
/// <see cref="UnstartedPatience"/>; and when no poll has answered for <see cref="SiloLossRetry.DefaultPatience"/>.
/// The job is then started again (its ids make that a resume). A single failed poll is skipped.
/// </summary>
public static class JobPolling
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a sent job may look unstarted before its call counts as lost (messages take milliseconds).</summary>
    public static readonly TimeSpan UnstartedPatience = TimeSpan.FromSeconds(20);

    /// <summary>A poll is an interleaved read: one that has not answered in this time counts as failed.</summary>
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(15);

    public static async Task<T> WaitAsync<T>(
        Func<Task<T>> start, Func<Task<JobProgress>> poll, Action<JobProgress>? onProgress, CancellationToken cancellation = default,
        TimeSpan? unstartedPatience = null)
    {
        var result = await SiloLossRetry.RunAsync(
            () => WaitOnceAsync(start(), poll, onProgress, unstartedPatience ?? UnstartedPatience, cancellation), cancellation: cancellation);
        onProgress?.Invoke(new JobProgress("done", 1, 1, ""));
        return result;
    }

    private static async Task<T> WaitOnceAsync<T>(
        Task<T> work, Func<Task<JobProgress>> poll, Action<JobProgress>? onProgress, TimeSpan unstartedPatience, CancellationToken cancellation)
    {
        bool seenRunning = false;
        var lastAnswer = DateTime.UtcNow;
        var unstartedSince = DateTime.UtcNow;
        while (!work.IsCompleted)
        {
            await Task.WhenAny(work, Task.Delay(Interval, cancellation));
            // A cancelled delay ends at once: without this the loop would poll back to back.
            cancellation.ThrowIfCancellationRequested();
            if (work.IsCompleted)
                break;
            if (await TryPoll(poll) is not { } progress)
            {
                if (DateTime.UtcNow - lastAnswer > SiloLossRetry.DefaultPatience)
                    throw new JobActivationLostException();
                continue;
            }
            lastAnswer = DateTime.UtcNow;
            bool running = progress.Phase != JobProgress.NotStarted;
            if (!running && (seenRunning || DateTime.UtcNow - unstartedSince > unstartedPatience))
                throw new JobActivationLostException();
            seenRunning |= running;
            onProgress?.Invoke(progress);
        }
        return await work;
    }

    private static async Task<JobProgress?> TryPoll(Func<Task<JobProgress>> poll)
    {
        try
        {
            return await poll().WaitAsync(PollTimeout);
        }
        // A poll carries no cancellation of its own: one cancelled expired in Orleans before it reached
        // its grain (placement waits while membership settles a dead silo's directory).
        catch (Exception e) when (SiloLossRetry.IsSiloLoss(e) || SiloLossRetry.IsDatabaseOutage(e) || e is TimeoutException or OperationCanceledException)
        {
            return null;
        }
    }
}
