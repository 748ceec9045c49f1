using OrleansSelect.Abstractions;
using OrleansSelect.Core.Selection;
using OrleansSelect.Grains.Pool;
using OrleansSelect.Grains.Services;

namespace OrleansSelect.Grains.Selection;

/// <summary>
/// The work of one node of a selection's merge tree (<see cref="MergeTree"/>), run by the selection
/// grain at the root and by <see cref="MergeGrain"/> below it: a leaf scores its shards, an inner
/// node runs its child nodes; either way it keeps only the merged candidates (ShardTopK's cut over
/// its children's lists, which loses nothing the exact global selection needs, made as they arrive:
/// <see cref="RunningCut"/>) and the cost sums.
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
        var cut = NewCut();
        var results = await BoundedFanOut.RunAsync(Enumerable.Range(0, shards.Count).ToList(), async i =>
        {
            var shard = _grains.GetGrain<IShardGrain>(ShardKeys.For(_request.PoolName, shards[i]));
            var result = await JobPolling.WaitAsync(() => shard.Score(_request.Score), () => shard.GetProgress(_request.ScoreKey), onProgress: null);
            _shardsDone[i] = 1;
            cut.Add(result.Candidates);
            return result with { Candidates = [] }; // folded into the cut; only the costs are kept
        }, _request.MaxInFlight);
        return Finish(cut,
            results.Sum(r => r.ScoringFlops),
            results.Where(r => r.ChargedBudget != _request.Score.BudgetName).Sum(r => r.ScoringFlops),
            results.Count(r => !r.FromCache),
            results.Count(r => r.FromCache));
    }

    private async Task<MergeResult> RunChildrenAsync(IReadOnlyList<IReadOnlyList<int>> children)
    {
        var (atOnce, perChild) = MergeTree.ShareInFlight(_request.MaxInFlight, children.Count);
        var cut = NewCut();
        var results = await BoundedFanOut.RunAsync(Enumerable.Range(0, children.Count).ToList(), async i =>
        {
            var child = _grains.GetGrain<IMergeGrain>(MergeTree.NodeKey(_request.SelectionId, children[i]));
            var childRequest = _request with { Shards = children[i], MaxInFlight = perChild };
            var result = await JobPolling.WaitAsync(() => child.Run(childRequest), child.GetProgress,
                onProgress: p => { if (p.Phase == ScoringPhase) _shardsDone[i] = (int)p.Done; });
            _shardsDone[i] = children[i].Count;
            cut.Add(result.Candidates);
            return result with { Candidates = [] };
        }, atOnce);
        return Finish(cut,
            results.Sum(r => r.ScoringFlops),
            results.Sum(r => r.ReusedFlops),
            results.Sum(r => r.ShardsScored),
            results.Sum(r => r.ShardsFromCache));
    }

    /// <summary>The phase a running node reports, with shards scored below it as done.</summary>
    public const string ScoringPhase = "scoring";

    private RunningCut NewCut() => new(_request.Score.Target, _request.Score.PoolExampleCount, _request.PoolName);

    private MergeResult Finish(RunningCut cut, double flops, double reused, int scored, int fromCache)
    {
        var result = new MergeResult(cut.Result(), flops, reused, scored, fromCache);
        MergeTime = cut.Time;
        return result;
    }
}
