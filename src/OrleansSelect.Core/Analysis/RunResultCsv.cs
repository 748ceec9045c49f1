using System.Globalization;

namespace OrleansSelect.Core.Analysis;

/// <summary>
/// Sweep results as CSV, one run a line, numbers in the invariant culture (a dot for decimals,
/// "NaN" for a metric the target lacks). The header names, in order:
/// target, method, selector_size, selector_params, training_size, training_params, fraction,
/// pool_tokens, tokens, seed, prepare_flops, scoring_flops, training_flops, evaluation_flops,
/// total_flops, accuracy (calibrated), raw_accuracy, bits_per_byte, wall_seconds.
/// Columns may come in any order; extra columns are ignored.
/// </summary>
public static class RunResultCsv
{
    public static IReadOnlyList<string> Header { get; } =
    [
        "target", "method", "selector_size", "selector_params", "training_size", "training_params", "fraction",
        "pool_tokens", "tokens", "seed", "prepare_flops", "scoring_flops", "training_flops", "evaluation_flops",
        "total_flops", "accuracy", "raw_accuracy", "bits_per_byte", "wall_seconds",
    ];

    public const string SchemaName = "sweep results";

    public static void Write(string path, IEnumerable<RunResult> runs)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine(Csv.Join(Header));
        foreach (var r in runs)
            writer.WriteLine(Csv.Join(
            [
                r.Target, r.Method, r.SelectorSize, Whole(r.SelectorParameters), r.TrainingSize, Whole(r.TrainingParameters),
                Real(r.Fraction), Whole(r.PoolTokens), Whole(r.Tokens), Whole(r.Seed), Real(r.PrepareFlops), Real(r.ScoringFlops),
                Real(r.TrainingFlops), Real(r.EvaluationFlops), Real(r.TotalFlops), Real(r.Accuracy), Real(r.RawAccuracy),
                Real(r.BitsPerByte), Real(r.WallSeconds),
            ]));
    }

    public static IReadOnlyList<RunResult> Read(string path) =>
        CsvRecord.ReadAll(path, Header, SchemaName).Select(FromRecord).ToArray();

    private static RunResult FromRecord(CsvRecord r) => new(
        r.Text("target"), r.Text("method"), r.Text("selector_size"), r.Integer("selector_params"),
        r.Text("training_size"), r.Integer("training_params"), r.Number("fraction"), r.Integer("pool_tokens"),
        r.Integer("tokens"), (int)r.Integer("seed"), r.Number("prepare_flops"), r.Number("scoring_flops"),
        r.Number("training_flops"), r.Number("evaluation_flops"), r.Number("total_flops"), r.Number("accuracy"),
        r.Number("raw_accuracy"), r.Number("bits_per_byte"), r.Number("wall_seconds"));

    // "R" keeps every bit of a double, so a written table reads back equal.
    private static string Real(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Whole(long value) => value.ToString(CultureInfo.InvariantCulture);
}
