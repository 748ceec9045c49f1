using OrleansSelect.Abstractions;
using OrleansSelect.Core.Selection;

namespace OrleansSelect.Grains.Selection;

/// <summary>
/// A merge node's candidates, cut as its children's lists arrive rather than once all are in: the
/// node then holds about what the selection keeps plus the lists not yet folded, not every child's
/// list at once (at a million examples, one list per shard is the whole pool). A cut of cuts is the
/// cut of the union (ShardTopK orders by score, then id, so the order of arrival changes nothing).
/// </summary>
public sealed class RunningCut(SelectionTarget target, int poolExampleCount, string poolName)
{
    private List<Candidate> _kept = [];
    private readonly List<Candidate> _pending = [];

    /// <summary>Time spent cutting so far.</summary>
    public TimeSpan Time { get; private set; }

    public void Add(IReadOnlyList<Candidate> candidates)
    {
        _pending.AddRange(candidates);
        // Cut when the unfolded part outgrows the kept part: each candidate is sorted a bounded number of times.
        if (_pending.Count >= Math.Max(_kept.Count, 4096))
            Fold();
    }

    /// <summary>The cut of everything added.</summary>
    public IReadOnlyList<Candidate> Result()
    {
        Fold();
        return _kept;
    }

    private void Fold()
    {
        if (_pending.Count == 0)
            return;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var byId = new Dictionary<string, Candidate>(_kept.Count + _pending.Count, StringComparer.Ordinal);
        // Ingest refuses repeated ids; this only catches a repeat whose copies meet in one cut.
        foreach (var candidate in _kept.Concat(_pending))
            if (!byId.TryAdd(candidate.ExampleId, candidate))
                throw new InvalidOperationException($"example '{candidate.ExampleId}' appears in more than one shard of pool '{poolName}'.");
        var kept = ShardTopK.Select(
            byId.Values.Select(c => new ScoredExample(c.ExampleId, c.Score, c.Tokens)).ToList(),
            target.ToCriterion(), poolExampleCount);
        _kept = kept.Select(s => byId[s.ExampleId]).ToList();
        _pending.Clear();
        Time += clock.Elapsed;
    }
}
