using OrleansSelect.Abstractions;

namespace OrleansSelect.Silo.Workflows;

/// <summary>Waits for a long grain call while polling the grain's progress (an interleaved call) for display.</summary>
public static class JobPolling
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    public static async Task<T> WaitAsync<T>(
        Task<T> work, Func<Task<JobProgress>> poll, Action<JobProgress>? onProgress, CancellationToken cancellation = default)
    {
        while (onProgress is not null && !work.IsCompleted)
        {
            await Task.WhenAny(work, Task.Delay(Interval, cancellation));
            // A cancelled delay ends at once: without this the loop would poll back to back.
            cancellation.ThrowIfCancellationRequested();
            if (!work.IsCompleted)
                onProgress(await poll());
        }
        var result = await work;
        onProgress?.Invoke(new JobProgress("done", 1, 1, ""));
        return result;
    }
}
