namespace OrleansSelect.Grains.Services;

/// <summary>
/// Calls one grain per item with at most a fixed number of calls in flight, results in item order.
/// A job over a pool of thousands of shards then queues a bounded number of requests (and the
/// storage writes each one makes) on the silos at once instead of all of them, so a stock
/// PostgreSQL's connection limit holds whatever the pool's size. Continuations run on the calling
/// grain's scheduler, so the caller's state stays single-threaded.
/// </summary>
public static class BoundedFanOut
{
    /// <summary>Enough to keep every compute worker of a large cluster fed; small enough for one database.</summary>
    public const int DefaultMaxInFlight = 32;

    public static async Task<TResult[]> RunAsync<TItem, TResult>(
        IReadOnlyList<TItem> items, Func<TItem, Task<TResult>> call, int maxInFlight = DefaultMaxInFlight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        var results = new TResult[items.Count];
        int next = -1;
        async Task Lane()
        {
            for (int i = Interlocked.Increment(ref next); i < items.Count; i = Interlocked.Increment(ref next))
                results[i] = await call(items[i]);
        }
        await Task.WhenAll(Enumerable.Range(0, Math.Min(maxInFlight, items.Count)).Select(_ => Lane()));
        return results;
    }

    public static Task RunAsync<TItem>(IReadOnlyList<TItem> items, Func<TItem, Task> call, int maxInFlight = DefaultMaxInFlight) =>
        RunAsync(items, async item => { await call(item); return true; }, maxInFlight);
}
