using OrleansSelect.Core;
using OrleansSelect.Models;

namespace OrleansSelect.Grains.Services;

/// <summary>How this silo computes: device and precision for torch work, and how many cores it may use.</summary>
public sealed class SiloComputeOptions
{
    public string Device { get; set; } = "cpu";

    public Precision Precision { get; set; } = Precision.Auto;

    /// <summary>Cores this silo may use; torch threads × concurrent work never exceed it.</summary>
    public int Cores { get; set; } = Environment.ProcessorCount;

    /// <summary>Where methods' prepared artifacts and checkpoints live (on the shared volume in cluster mode).</summary>
    public string ModelDirectory { get; set; } = AppPaths.DefaultModelDirectory;

    /// <summary>
    /// Training steps between a run's resume checkpoints: a run whose silo dies redoes at most this
    /// many. Each one writes the weights and AdamW's moments, so on the larger sizes it costs a few
    /// hundred milliseconds; 50 keeps that to a few percent of a step's time there.
    /// </summary>
    public int CheckpointEverySteps { get; set; } = DefaultCheckpointEverySteps;

    public const int DefaultCheckpointEverySteps = 50;

    /// <summary>
    /// Children per node of a selection's merge tree (see MergeTree): a pool of more shards than this
    /// is scored and merged through a tree of merge grains instead of by the selection grain alone.
    /// </summary>
    public int MergeFanOut { get; set; } = Core.Selection.MergeTree.DefaultFanOut;

    /// <summary>
    /// Examples a shard holds in memory at once while it scores (see Pool.BatchedScoring): a shard of
    /// more is scored in batches. A shard cut by ingest's default (about 2,000 examples of the real pool) is one batch.
    /// </summary>
    public int ScoringBatchExamples { get; set; } = DefaultScoringBatchExamples;

    public const int DefaultScoringBatchExamples = 8192;

    /// <summary>
    /// Rows per part of a selection file (see SelectionFile): what a reader of a selection (the
    /// trainer, an export) holds, and one message carries, at a time.
    /// </summary>
    public int SelectionPartRows { get; set; } = Core.Selection.SelectionFile.DefaultPartRows;

    /// <summary>One heavy job at a time gets every core: torch parallelises within the job.</summary>
    public ComputeOptions ForTorch() => new(Device, Precision, Math.Max(1, Cores));
}
