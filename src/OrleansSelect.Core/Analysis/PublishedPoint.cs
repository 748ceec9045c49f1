namespace OrleansSelect.Core.Analysis;

/// <summary>
/// A point read from a paper or another tool: a method's score at a total compute. Read from a CSV
/// with the columns method, flops, score (any order, others ignored), so a published fit can be checked.
/// </summary>
public sealed record PublishedPoint(string Method, double Flops, double Score)
{
    public static IReadOnlyList<string> Header { get; } = ["method", "flops", "score"];

    public const string SchemaName = "method/flops/score";

    public static IReadOnlyList<PublishedPoint> ReadCsv(string path) =>
        CsvRecord.ReadAll(path, Header, SchemaName)
            .Select(r => new PublishedPoint(r.Text("method"), r.Number("flops"), r.Number("score")))
            .ToArray();
}
