using OrleansSelect.Abstractions;
using OrleansSelect.Core.Scoring;

namespace OrleansSelect.Grains.Pool;

/// <summary>What a shard keeps: where its examples are, and everything it has computed about them.</summary>
public sealed class ShardState
{
    public ShardDescriptor? Descriptor { get; set; }

    /// <summary>Example ids in file order, read once at the first scoring.</summary>
    public List<string> ExampleIds { get; set; } = [];

    /// <summary>Scores by <see cref="ScoreKey"/>; a score here is never recomputed or charged again.</summary>
    public Dictionary<string, ComputedScores> Scores { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Corpus statistics by "method|target".</summary>
    public Dictionary<string, CorpusStatistics> Statistics { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Token counts in file order, by the model size whose tokenizer counted them.</summary>
    public Dictionary<string, long[]> TokenCounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Scoring attempts started, by score key; see AttemptCharging.</summary>
    public Dictionary<string, int> AttemptsStarted { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The budget the latest attempt reserved on, by score key: where it is settled if it never finished.</summary>
    public Dictionary<string, string> AttemptBudgets { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One (method, selector, target, seed)'s scores for a shard, and what computing them cost.</summary>
public sealed class ComputedScores
{
    public double[] Values { get; set; } = [];
    public double Flops { get; set; }
    public string BudgetName { get; set; } = "";
    public string OperationId { get; set; } = "";
}

public static class ScoreKey
{
    public static string For(ShardScoreRequest r) =>
        $"{r.Method}|{r.Selector}|{Path.GetFullPath(r.TargetDirectory)}|{r.Seed}";

    public static string ForStatistics(string method, string targetDirectory) =>
        $"{method}|{Path.GetFullPath(targetDirectory)}";
}
