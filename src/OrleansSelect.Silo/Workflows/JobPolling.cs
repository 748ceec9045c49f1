using OrleansSelect.Abstractions;
using OrleansSelect.Grains.Services;

namespace OrleansSelect.Silo.Workflows;

/// <summary>
/// Starts a long grain job and waits for it, polling the grain's progress (an interleaved call)
/// for display and for the job's health. When the silo running the job dies, the call that started
/// it may never be answered; the next poll then reaches a new activation that has not started, and
/// the job is started again there (its ids make that a resume). A failed poll is skipped.
/// </summary>
public static class JobPolling
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    public static async Task<T> WaitAsync<T>(
        Func<Task<T>> start, Func<Task<JobProgress>> poll, Action<JobProgress>? onProgress, CancellationToken cancellation = default)
    {
        var result = await SiloLossRetry.RunAsync(() => WaitOnceAsync(start(), poll, onProgress, cancellation), cancellation: cancellation);
        onProgress?.Invoke(new JobProgress("done", 1, 1, ""));
        return result;
    }

    private static async Task<T> WaitOnceAsync<T>(
        Task<T> work, Func<Task<JobProgress>> poll, Action<JobProgress>? onProgress, CancellationToken cancellation)
    {
        bool seenRunning = false;
        while (!work.IsCompleted)
        {
            await Task.WhenAny(work, Task.Delay(Interval, cancellation));
            // A cancelled delay ends at once: without this the loop would poll back to back.
            cancellation.ThrowIfCancellationRequested();
            if (work.IsCompleted || await TryPoll(poll) is not { } progress)
                continue;
            bool running = progress.Phase != JobProgress.NotStarted;
            if (seenRunning && !running)
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
            return await poll();
        }
        catch (Exception e) when (SiloLossRetry.IsSiloLoss(e))
        {
            return null;
        }
    }
}
