namespace OrleansSelect.Grains.Services;

/// <summary>
/// The silo-wide worker for heavy compute (tensors, BM25). Work runs on the thread pool, off the
/// grain scheduler, and at most <see cref="Slots"/> pieces run at once, so torch threads times
/// concurrent work stays within the cores the silo was given.
/// </summary>
public sealed class ComputeWorker(int slots) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(slots, slots);

    public int Slots { get; } = slots;

    public async Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellation = default)
    {
        await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => work(cancellation), cancellation).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
