using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansSelect.Core.IO;

namespace OrleansSelect.Grains.Pool;

/// <summary>
/// What a shard has computed about its examples, by key: its scores, its parts of methods' global
/// statistics and its token counts, each a column file. It grows with every scoring kept, so it is a
/// file of its own (see <see cref="ShardColumns.WriteIndex"/>) and the grain state holds only its
/// reference: a state write costs the same however many methods and targets the shard has scored.
/// </summary>
public sealed class ShardIndex
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>
    /// Scores by <see cref="ScoreKey"/>; a score here is never recomputed or charged again, unless its
    /// file is lost or fails its checksum: then it is recomputed and charged as a new attempt.
    /// </summary>
    public Dictionary<string, ComputedScores> Scores { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Files of this shard's part of a method's global statistics, as the method serialised it, by <see cref="ScoreKey.ForStatistics"/>.</summary>
    public Dictionary<string, ColumnFileRef> StatisticsFiles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Token-count files (in file order), by the model size whose tokenizer counted them.</summary>
    public Dictionary<string, ColumnFileRef> TokenCountFiles { get; set; } = new(StringComparer.Ordinal);

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static ShardIndex FromUtf8(ReadOnlySpan<byte> utf8)
    {
        var index = JsonSerializer.Deserialize<ShardIndex>(utf8, Json) ?? new ShardIndex();
        // Deserialised dictionaries compare with the default comparer; keys are compared ordinally everywhere else.
        index.Scores = new(index.Scores, StringComparer.Ordinal);
        index.StatisticsFiles = new(index.StatisticsFiles, StringComparer.Ordinal);
        index.TokenCountFiles = new(index.TokenCountFiles, StringComparer.Ordinal);
        return index;
    }
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
