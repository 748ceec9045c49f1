using OrleansSelect.Abstractions;
using OrleansSelect.Core.Selection;
using OrleansSelect.Grains.Pool;
using OrleansSelect.Grains.Services;

namespace OrleansSelect.Grains.Selection;

/// <summary>
/// The work of one node of a selection's merge tree (<see cref="MergeTree"/>), run by the selection
/// grain at the root and by <see cref="MergeGrain"/> below it: a leaf scores its shards, an inner
/// node runs its child nodes; either way it keeps only the merged candidates (ShardTopK's cut over
/// its children's lists, which loses nothing the exact global selection needs) and the cost sums.
/// Every call is waited on with <see cref="JobPolling"/>, so a child lost with its silo is run again.
/// </summary>
public sealed class MergeNode
{
    private readonly IGrainFactory _grains;
    private readonly MergeRequest _request;
    private readonly IReadOnlyList<IReadOnlyList<int>>? _children; // null at a leaf
    private readonly int[] _shardsDone; // per child (a shard at a leaf): shards scored below it

    public MergeNode(IGrainFactory grains, MergeRequest request)
    {
        if (request.Shards.Count == 0)
            throw new ArgumentException("a merge node needs at least one shard.", nameof(request));
        _grains = grains;
        _request = request;
        _children = MergeTree.IsLeaf(request.Shards.Count, request.FanOut) ? null : MergeTree.Children(request.Shards, request.FanOut);
        _shardsDone = new int[_children?.Count ?? request.Shards.Count];
    }

    public int ShardCount => _request.Shards.Count;

    /// <summary>Read while the node runs; continuations run on the owning grain's scheduler, so the counts are never torn.</summary>
    public int ShardsDone => _shardsDone.Sum();

    /// <summary>Time this node spent merging its children's candidates (its children's own merges not included).</summary>
    public TimeSpan MergeTime { get; private set; }

    public Task<MergeResult> RunAsync() => _children is null ? ScoreShardsAsync() : RunChildrenAsync(_children);

    private async Task<MergeResult> ScoreShardsAsync()
    {
        var shards = _request.Shards;
        var results = await BoundedFanOut.RunAsync(Enumerable.Range(0, shards.Count).ToList(), async i =>
        {
            var shard = _grains.GetGrain<IShardGrain>(ShardKeys.For(_request.PoolName, shards[i]));
            var result = await JobPolling.WaitAsync(() => shard.Score(_request.Score), () => shard.GetProgress(_request.ScoreKey), onProgress: null);
            _shardsDone[i] = 1;
            return result;
        }, _request.MaxInFlight);
        return Combine(
            results.Select(r => r.Candidates),
            results.Sum(r => r.ScoringFlops),
            results.Where(r => r.ChargedBudget != _request.Score.BudgetName).Sum(r => r.ScoringFlops),
            results.Count(r => !r.FromCache),
            results.Count(r => r.FromCache));
    }

    private async Task<MergeResult> RunChildrenAsync(IReadOnlyList<IReadOnlyList<int>> children)
    {
        var (atOnce, perChild) = MergeTree.ShareInFlight(_request.MaxInFlight, children.Count);
        var results = await BoundedFanOut.RunAsync(Enumerable.Range(0, children.Count).ToList(), async i =>
        {
            var child = _grains.GetGrain<IMergeGrain>(MergeTree.NodeKey(_request.SelectionId, children[i]));
            var childRequest = _request with { Shards = children[i], MaxInFlight = perChild };
            var result = await JobPolling.WaitAsync(() => child.Run(childRequest), child.GetProgress,
                onProgress: p => { if (p.Phase == ScoringPhase) _shardsDone[i] = (int)p.Done; });
            _shardsDone[i] = children[i].Count;
            return result;
        }, atOnce);
        return Combine(
            results.Select(r => r.Candidates),
            results.Sum(r => r.ScoringFlops),
            results.Sum(r => r.ReusedFlops),
            results.Sum(r => r.ShardsScored),
            results.Sum(r => r.ShardsFromCache));
    }

    /// <summary>The phase a running node reports, with shards scored below it as done.</summary>
    public const string ScoringPhase = "scoring";

    private MergeResult Combine(IEnumerable<IReadOnlyList<Candidate>> lists, double flops, double reused, int scored, int fromCache)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var byId = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        foreach (var candidate in lists.SelectMany(l => l))
            if (!byId.TryAdd(candidate.ExampleId, candidate))
                throw new InvalidOperationException($"example '{candidate.ExampleId}' appears in more than one shard of pool '{_request.PoolName}'.");
        var kept = ShardTopK.Select(
            byId.Values.Select(c => new ScoredExample(c.ExampleId, c.Score, c.Tokens)).ToList(),
            _request.Score.Target.ToCriterion(), _request.Score.PoolExampleCount);
        var result = new MergeResult(kept.Select(s => byId[s.ExampleId]).ToList(), flops, reused, scored, fromCache);
        MergeTime = clock.Elapsed;
        return result;
    }
}
