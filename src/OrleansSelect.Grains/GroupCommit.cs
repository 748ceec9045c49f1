namespace OrleansSelect.Grains;

/// <summary>
/// Writes a reentrant grain's state one write at a time, and lets the changes made while a write is
/// in flight share the next one: a busy grain (the budget, with every shard of a large pool reserving
/// and committing) then makes a few large writes instead of one per call, each caller still hearing
/// back only once a write that holds its change is durable. Runs on the grain's own scheduler.
/// After a failed write every later call fails too: memory is then ahead of storage, and the
/// activation is on its way out (see <see cref="StateWrites"/>), so nothing more may be written from it.
/// </summary>
public sealed class GroupCommit(Func<Task> write)
{
    private TaskCompletionSource? _writing; // the changes in the write in flight
    private TaskCompletionSource? _next;    // the changes made since it started, for the next write
    private Exception? _failure;

    /// <summary>Completes once a write that started after this call (so holds every change made before it) is durable.</summary>
    public Task PersistAsync()
    {
        if (_failure is not null)
            return Task.FromException(_failure);
        _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var durable = _next.Task;
        if (_writing is null)
            _ = DrainAsync();
        return durable;
    }

    /// <summary>Completes once every change made so far is durable (at once when no write is pending).</summary>
    public Task DurableAsync() =>
        _failure is not null ? Task.FromException(_failure)
        : _next?.Task ?? _writing?.Task ?? Task.CompletedTask;

    private async Task DrainAsync()
    {
        while (_next is { } batch)
        {
            _writing = batch;
            _next = null;
            try
            {
                await write();
            }
            catch (Exception e)
            {
                _failure = e;
                batch.TrySetException(e);
                _next?.TrySetException(e);
                _next = null;
            }
            batch.TrySetResult();
        }
        _writing = null;
    }
}
