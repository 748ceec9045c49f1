using OrleansSelect.Abstractions;

namespace OrleansSelect.Grains.Selection;

/// <summary>An inner node of a selection's merge tree; the work is <see cref="MergeNode"/>'s.</summary>
public sealed class MergeGrain : Grain, IMergeGrain
{
    private MergeNode? _node;

    public Task<MergeResult> Run(MergeRequest request)
    {
        _node = new MergeNode(GrainFactory, request);
        return _node.RunAsync();
    }

    public Task<JobProgress> GetProgress() => Task.FromResult(_node is { } node
        ? new JobProgress(MergeNode.ScoringPhase, node.ShardsDone, node.ShardCount, "")
        : JobProgress.Waiting);
}
