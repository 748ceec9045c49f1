namespace OrleansSelect.Grains.Services;

/// <summary>
/// A fixed number of slots with two waiting lines: a freed slot goes to the longest-waiting piece of
/// the ahead line, and to the normal line only when the ahead line is empty. Within a line, first come
/// first served. Nothing preempts running work: ahead work waits for the first slot to free.
/// </summary>
public sealed class SlotQueue(int slots)
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _ahead = new(), _normal = new();
    private int _free = slots > 0 ? slots : throw new ArgumentOutOfRangeException(nameof(slots), "a slot queue needs at least one slot.");

    /// <summary>Completes when a slot is held; the holder must <see cref="Release"/> it. A cancelled wait holds nothing.</summary>
    public async Task WaitAsync(bool ahead, CancellationToken cancellation)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            cancellation.ThrowIfCancellationRequested();
            // A slot is free only when no one waits: Release hands a slot straight to a waiter.
            if (_free > 0)
            {
                _free--;
                return;
            }
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (ahead ? _ahead : _normal).Enqueue(waiter);
        }
        // A cancelled waiter stays in its line until Release skips it; one handed a slot first keeps it.
        await using (cancellation.Register(() => waiter.TrySetCanceled(cancellation)))
            await waiter.Task.ConfigureAwait(false);
    }

    public void Release()
    {
        lock (_lock)
        {
            foreach (var line in (Queue<TaskCompletionSource>[])[_ahead, _normal])
                while (line.TryDequeue(out var waiter))
                    if (waiter.TrySetResult())
                        return;
            _free++;
        }
    }
}
