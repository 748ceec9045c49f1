using System.Globalization;

namespace OrleansSelect.Core.Analysis;

/// <summary>
/// The columns of a sweep results table, in order, each with its kind and how a run gives its value;
/// the CSV and the Parquet formats both write these, and both read a row back through
/// <see cref="FromRecord"/>, so the two formats cannot drift apart.
/// </summary>
public static class RunResultColumns
{
    public enum Kind { Text, Whole, Real }

    public sealed record Column(string Name, Kind Kind, Func<RunResult, object> Value);

    public static IReadOnlyList<Column> All { get; } =
    [
        new("target", Kind.Text, r => r.Target),
        new("method", Kind.Text, r => r.Method),
        new("selector_size", Kind.Text, r => r.SelectorSize),
        new("selector_params", Kind.Whole, r => r.SelectorParameters),
        new("training_size", Kind.Text, r => r.TrainingSize),
        new("training_params", Kind.Whole, r => r.TrainingParameters),
        new("fraction", Kind.Real, r => r.Fraction),
        new("pool_tokens", Kind.Whole, r => r.PoolTokens),
        new("tokens", Kind.Whole, r => r.Tokens),
        new("seed", Kind.Whole, r => (long)r.Seed),
        new("prepare_flops", Kind.Real, r => r.PrepareFlops),
        new("scoring_flops", Kind.Real, r => r.ScoringFlops),
        new("training_flops", Kind.Real, r => r.TrainingFlops),
        new("evaluation_flops", Kind.Real, r => r.EvaluationFlops),
        new("total_flops", Kind.Real, r => r.TotalFlops),
        new("accuracy", Kind.Real, r => r.Accuracy),
        new("raw_accuracy", Kind.Real, r => r.RawAccuracy),
        new("bits_per_byte", Kind.Real, r => r.BitsPerByte),
        new("wall_seconds", Kind.Real, r => r.WallSeconds),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(c => c.Name).ToArray();

    public const string SchemaName = "sweep results";

    /// <summary>A value as a table cell: invariant culture, "R" for doubles so a written table reads back equal.</summary>
    public static string Cell(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => (string)value,
    };

    public static RunResult FromRecord(CsvRecord r) => new(
        r.Text("target"), r.Text("method"), r.Text("selector_size"), r.Integer("selector_params"),
        r.Text("training_size"), r.Integer("training_params"), r.Number("fraction"), r.Integer("pool_tokens"),
        r.Integer("tokens"), (int)r.Integer("seed"), r.Number("prepare_flops"), r.Number("scoring_flops"),
        r.Number("training_flops"), r.Number("evaluation_flops"), r.Number("total_flops"), r.Number("accuracy"),
        r.Number("raw_accuracy"), r.Number("bits_per_byte"), r.Number("wall_seconds"));
}
