using OrleansSelect.Core.Data;
using OrleansSelect.Core.Scoring;

namespace OrleansSelect.Core.Tests.Scoring;

/// <summary>The method seam's three phases as the grains run them, in one process: prepare, collect and merge, score per shard.</summary>
internal static class SeamRunner
{
    public static List<double> Score(ISelectionMethod method, List<List<PoolExample>> shards, TargetTask target, int seed)
    {
        var prepared = method.NeedsPrepare
            ? PreparedArtifact.Of(method.Prepare(target, new PrepareContext(Path.GetTempPath(), new Progress<double>(), CancellationToken.None)))
            : null;
        var global = method.NeedsGlobalStatistics
            ? method.MergeStatistics(shards.Select(s => method.CollectStatistics(s, target, CancellationToken.None)).ToList())
            : null;
        return shards.SelectMany(s => method.Score(new ShardScoringInput(s, target, prepared, global, seed, EstimatedFlops: 1.0),
            new Progress<double>(), CancellationToken.None)).ToList();
    }
}
