namespace OrleansSelect.Core.Data;

/// <summary>
/// Counts the records a read or build left out, by source and reason, keeping a few file:line
/// samples of each. Bad input (<see cref="Reject"/>) throws under strict mode instead; ordinary
/// filtering (<see cref="Skip"/>: duplicates, leaks) never does. Sample paths are kept relative to
/// <paramref name="relativeTo"/> when given, so reports do not depend on where the data folder is.
/// </summary>
public sealed class DropLog(bool strict = false, int samplesPerReason = 5, string? relativeTo = null)
{
    private readonly SortedDictionary<(string Source, string Reason), DropEntry> _entries = new();
    private readonly object _gate = new();

    public bool Strict { get; } = strict;

    /// <summary>A record that is bad input: counted, or under strict mode a <see cref="PoolFormatException"/>.</summary>
    public void Reject(string source, string reason, string path, long line)
    {
        if (Strict) throw new PoolFormatException(path, line, reason);
        Add(source, reason, $"{Shorten(path)}:{line}");
    }

    /// <summary>A good record left out on purpose (duplicate, leak, known end marker).</summary>
    public void Skip(string source, string reason, string? location = null) => Add(source, reason, location);

    public long Total
    {
        get { lock (_gate) return _entries.Values.Sum(e => e.Count); }
    }

    public long CountOf(string reason)
    {
        lock (_gate) return _entries.Where(e => e.Key.Reason == reason).Sum(e => e.Value.Count);
    }

    /// <summary>Entries ordered by source then reason, so reports are deterministic.</summary>
    public IReadOnlyList<DropEntry> Entries
    {
        get { lock (_gate) return _entries.Values.ToList(); }
    }

    private string Shorten(string path)
    {
        if (relativeTo is null) return path;
        var relative = Path.GetRelativePath(relativeTo, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative.Replace('\\', '/');
    }

    private void Add(string source, string reason, string? location)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue((source, reason), out var entry))
            {
                entry = new DropEntry(source, reason);
                _entries[(source, reason)] = entry;
            }
            entry.Count++;
            if (location is not null && entry.Samples.Count < samplesPerReason) entry.Samples.Add(location);
        }
    }
}

/// <summary>How many records of one source were dropped for one reason, with sample locations.</summary>
public sealed class DropEntry(string source, string reason)
{
    public string Source { get; } = source;
    public string Reason { get; } = reason;
    public long Count { get; set; }
    public List<string> Samples { get; } = [];
}
