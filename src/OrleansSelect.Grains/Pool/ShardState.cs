using System.Text.Json.Serialization;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.IO;
using OrleansSelect.Core.Scoring;

namespace OrleansSelect.Grains.Pool;

/// <summary>
/// What a shard keeps in its grain state: where its examples are, the reference of its index file
/// (everything it has computed, <see cref="ShardIndex"/>), and the bookkeeping that keeps the ledger
/// exact across crashes. Its size does not depend on the shard's size or on how many scorings it keeps.
/// </summary>
public sealed class ShardState
{
    public ShardDescriptor? Descriptor { get; set; }

    /// <summary>The shard's <see cref="ShardIndex"/> file; null until it has computed something.</summary>
    public ColumnFileRef? Index { get; set; }

    /// <summary>
    /// Scoring attempts this shard has started, of any score key: the number in each attempt's operation
    /// id. Kept here, not in the index, so that an attempt after a lost index never reuses an id.
    /// </summary>
    public int ScoringAttempts { get; set; }

    /// <summary>
    /// The shard's latest scoring attempt (more only in a store migrated from per-key attempts): settled
    /// on its budget before the next attempt starts, by its spend ceiling if it never committed (see
    /// AttemptCharging); settling one that committed changes nothing.
    /// </summary>
    public List<OpenAttempt> OpenAttempts { get; set; } = [];

    /// <summary>Stores written before the index file kept it here; read only to migrate (<see cref="ShardStateMigration"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, ComputedScores>? Scores { get; set; }

    /// <summary>Stores written before the index file kept it here; read only to migrate.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, ColumnFileRef>? StatisticsFiles { get; set; }

    /// <summary>Stores written before the index file kept it here; read only to migrate.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, ColumnFileRef>? TokenCountFiles { get; set; }

    /// <summary>Stores written before the index file counted attempts per score key; read only to migrate.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, int>? AttemptsStarted { get; set; }

    /// <summary>Stores written before the index file kept each key's latest budget; read only to migrate.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? AttemptBudgets { get; set; }

    /// <summary>Stores written before column files kept example ids inline; read only to migrate.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? ExampleIds { get; set; }

    /// <summary>Stores written before column files kept statistics inline; read only to migrate.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? StatisticsJson { get; set; }

    /// <summary>Stores written before column files kept token counts inline; read only to migrate.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, long[]>? TokenCounts { get; set; }
}

/// <summary>A scoring attempt's operation and the budget it reserved on.</summary>
public sealed record OpenAttempt(string OperationId, string BudgetName);

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

    /// <summary>The work a scoring attempt's operation id names: the shard and the key it scored.</summary>
    public static string WorkId(string shardKey, string scoreKey) => $"score/{shardKey}/{scoreKey}";

    public static string ForStatistics(ISelectionMethod method, string targetContentHash) =>
        $"{MethodPart(method)}|{targetContentHash}";

    /// <summary>"none" for a method without a selector, so the keys of lexical methods never change.</summary>
    private static string SelectorPart(SelectorCheckpointView? selector) =>
        selector is null ? "none" : $"{selector.Size}@{selector.ContentHash}";

    private static string MethodPart(ISelectionMethod method) =>
        method.Embedder is null ? $"{method.ScoringName}[{method.Settings}]" : $"{method.ScoringName}/{method.Embedder}[{method.Settings}]";
}
