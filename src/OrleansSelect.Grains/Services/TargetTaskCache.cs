using System.Collections.Concurrent;
using OrleansSelect.Core.Data;

namespace OrleansSelect.Grains.Services;

/// <summary>
/// Loads each target's reference and test sets once per silo and content; every shard of a job
/// shares them. Entries are keyed by the files' content hash, so a target edited in place is
/// loaded again, never served stale.
/// </summary>
public sealed class TargetTaskCache
{
    private readonly ConcurrentDictionary<string, Lazy<TargetTask>> _targets = new(StringComparer.Ordinal);

    public TargetTask Get(string targetDirectory) => Load(targetDirectory).Task;

    /// <summary>The target with the content hash of the files it was loaded from.</summary>
    public LoadedTarget Load(string targetDirectory)
    {
        var directory = Path.GetFullPath(targetDirectory);
        var hash = TargetContentHash.Of(directory);
        var key = $"{directory}|{hash}";
        var lazy = _targets.GetOrAdd(key, _ => new Lazy<TargetTask>(() => TargetTaskStore.Load(directory)));
        try
        {
            return new LoadedTarget(lazy.Value, hash);
        }
        catch
        {
            _targets.TryRemove(key, out _); // a target that failed to load may be fixed and retried
            throw;
        }
    }
}

public sealed record LoadedTarget(TargetTask Task, string ContentHash);
