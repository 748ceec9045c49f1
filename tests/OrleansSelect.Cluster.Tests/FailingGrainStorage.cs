using System.Collections.Concurrent;
using Orleans.Storage;

namespace OrleansSelect.Cluster.Tests;

/// <summary>
/// The test silos' grain storage: the real one, except for the writes a test asks to fail (a full
/// disk, a lost database). Rules are process-wide, so each test's rule names only its own grains.
/// A budget's ledger rows are failed by the same rules (<see cref="FailingBudgetLedgerStore"/>).
/// </summary>
public sealed class FailingGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly ConcurrentDictionary<Guid, Func<string, object?, bool>> Rules = new();

    /// <summary>Fails every write whose grain key and state match <paramref name="rule"/> until the handle is disposed.</summary>
    public static IDisposable FailWritesWhen(Func<string, object?, bool> rule)
    {
        var id = Guid.NewGuid();
        Rules[id] = rule;
        return new Rule(id);
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    /// <summary>Whether a rule fails the write of <paramref name="state"/> to the grain (or budget ledger) keyed <paramref name="key"/>.</summary>
    public static bool Fails(string key, object? state) => Rules.Values.Any(rule => rule(key, state));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Fails(grainId.Key.ToString()!, grainState.State)
            ? Task.FromException(new IOException($"the test storage failed the write of {grainId}"))
            : inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private sealed class Rule(Guid id) : IDisposable
    {
        public void Dispose() => Rules.TryRemove(id, out _);
    }
}
