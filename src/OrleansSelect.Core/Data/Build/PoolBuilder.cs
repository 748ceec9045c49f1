namespace OrleansSelect.Core.Data.Build;

/// <summary>
/// Assembles one target's pool: the candidates minus every example that leaks the target's
/// reference or test set and every repeated id, in id order (content hashes, so sources are mixed
/// evenly and the order does not depend on how the candidates arrived).
/// </summary>
public static class PoolBuilder
{
    public static (List<PoolExample> Pool, long LeaksRemoved) Build(string target, IEnumerable<PoolExample> candidates, LeakFilter leaks, DropLog drops)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var pool = new List<PoolExample>();
        long leaked = 0;
        foreach (var example in candidates)
        {
            if (leaks.Leaks(example))
            {
                drops.Skip(example.Source, $"{DropReasons.Leak} of '{target}'", example.Id);
                leaked++;
                continue;
            }
            if (!ids.Add(example.Id))
            {
                drops.Skip(example.Source, DropReasons.Duplicate, example.Id);
                continue;
            }
            pool.Add(example);
        }
        pool.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return (pool, leaked);
    }
}
