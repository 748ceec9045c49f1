using System.Collections.Concurrent;
using OrleansSelect.Core.Data;

namespace OrleansSelect.Grains.Services;

/// <summary>Loads each target's reference and test sets once per silo; every shard of a job shares them.</summary>
public sealed class TargetTaskCache
{
    private readonly ConcurrentDictionary<string, Lazy<TargetTask>> _targets = new(StringComparer.Ordinal);

    public TargetTask Get(string targetDirectory)
    {
        var key = Path.GetFullPath(targetDirectory);
        var lazy = _targets.GetOrAdd(key, dir => new Lazy<TargetTask>(() => TargetTaskStore.Load(dir)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _targets.TryRemove(key, out _); // a target that failed to load may be fixed and retried
            throw;
        }
    }
}
