namespace OrleansSelect.Grains.Services;

/// <summary>
/// The silo-wide worker for heavy compute (tensors, BM25). Work runs on the thread pool, off the
/// grain scheduler, and at most <see cref="Slots"/> pieces run at once, so torch threads times
/// concurrent work stays within the cores the silo was given. When the silo stops, running work
/// is cancelled, so a stop (Ctrl+C, SIGTERM) ends a training loop cleanly instead of pulling the
/// process out from under native code.
/// </summary>
public sealed class ComputeWorker(int slots, CancellationToken siloStopping = default) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(slots, slots);

    public int Slots { get; } = slots;

    public Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellation = default) =>
        RunAsync(work, onStart: null, cancellation);

    /// <summary>
    /// Runs <paramref name="onStart"/> once a slot is held and before the work: what it does (a
    /// budget reservation) happens only when the work really starts, not while it waits in the queue.
    /// When it throws, the work does not run.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, T> work, Func<Task>? onStart, CancellationToken cancellation = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, siloStopping);
        var token = linked.Token;
        await _gate.WaitAsync(token).ConfigureAwait(false);
        try
        {
            if (onStart is not null)
                await onStart().ConfigureAwait(false);
            return await Task.Run(() => work(token), token).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
