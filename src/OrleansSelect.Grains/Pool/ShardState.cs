using System.Text.Json.Serialization;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.IO;
using OrleansSelect.Core.Scoring;

namespace OrleansSelect.Grains.Pool;

/// <summary>
/// What a shard keeps: where its examples are, and a small record of everything it has computed
/// about them. Per-example values (scores, token counts) and statistics are files (<see cref="ShardColumns"/>),
/// so a write of this state costs a few hundred bytes per score key, whatever the shard's size.
/// </summary>
public sealed class ShardState
{
    public ShardDescriptor? Descriptor { get; set; }

    /// <summary>
    /// Scores by <see cref="ScoreKey"/>; a score here is never recomputed or charged again, unless its
    /// file is lost or fails its checksum: then it is recomputed and charged as a new attempt.
    /// </summary>
    public Dictionary<string, ComputedScores> Scores { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Files of this shard's part of a method's global statistics, as the method serialised it, by <see cref="ScoreKey.ForStatistics"/>.</summary>
    public Dictionary<string, ColumnFileRef> StatisticsFiles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Token-count files (in file order), by the model size whose tokenizer counted them.</summary>
    public Dictionary<string, ColumnFileRef> TokenCountFiles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Scoring attempts started, by score key; see AttemptCharging.</summary>
    public Dictionary<string, int> AttemptsStarted { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The budget the latest attempt reserved on, by score key: where it is settled if it never finished.</summary>
    public Dictionary<string, string> AttemptBudgets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Stores written before column files kept example ids inline; read only to migrate (<see cref="ShardStateMigration"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? ExampleIds { get; set; }

    /// <summary>Stores written before column files kept statistics inline; read only to migrate.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? StatisticsJson { get; set; }

    /// <summary>Stores written before column files kept token counts inline; read only to migrate.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, long[]>? TokenCounts { get; set; }
}

/// <summary>One <see cref="ScoreKey"/>'s scores for a shard: their file, and what computing them cost.</summary>
public sealed class ComputedScores
{
    public ColumnFileRef? File { get; set; }
    public double Flops { get; set; }
    public string BudgetName { get; set; } = "";
    public string OperationId { get; set; } = "";

    /// <summary>Stores written before column files kept the scores inline; read only to migrate.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double[]? Values { get; set; }
}

/// <summary>
/// What a cached score or statistic is valid for: the method with every setting that changes its
/// scores, the selector, the target's content (not its path, so an edited reference file is never
/// served stale scores), the prepared artifact, and the seed only for a method that uses one (BM25
/// scored once serves every seed).
/// </summary>
public static class ScoreKey
{
    public static string For(ISelectionMethod method, ShardScoreRequest r) =>
        $"{MethodPart(method)}|{SelectorPart(r.SelectorCheckpoint)}|{r.TargetContentHash}|{r.Prepared?.ContentHash ?? "-"}|{(method.UsesSeed ? r.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")}";

    public static string ForStatistics(ISelectionMethod method, string targetContentHash) =>
        $"{MethodPart(method)}|{targetContentHash}";

    /// <summary>"none" for a method without a selector, so the keys of lexical methods never change.</summary>
    private static string SelectorPart(SelectorCheckpointView? selector) =>
        selector is null ? "none" : $"{selector.Size}@{selector.ContentHash}";

    private static string MethodPart(ISelectionMethod method) =>
        method.Embedder is null ? $"{method.ScoringName}[{method.Settings}]" : $"{method.ScoringName}/{method.Embedder}[{method.Settings}]";
}
