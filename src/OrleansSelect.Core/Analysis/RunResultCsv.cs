namespace OrleansSelect.Core.Analysis;

/// <summary>
/// Sweep results as CSV, one run a line, in the columns of <see cref="RunResultColumns"/> (numbers in
/// the invariant culture, "NaN" for a metric the target lacks). Columns may come in any order; extra
/// columns are ignored.
/// </summary>
public static class RunResultCsv
{
    public static void Write(string path, IEnumerable<RunResult> runs)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine(Csv.Join(RunResultColumns.Names));
        foreach (var run in runs)
            writer.WriteLine(Csv.Join(RunResultColumns.All.Select(c => RunResultColumns.Cell(c.Value(run)))));
    }

    public static IReadOnlyList<RunResult> Read(string path) =>
        CsvRecord.ReadAll(path, RunResultColumns.Names, RunResultColumns.SchemaName).Select(RunResultColumns.FromRecord).ToArray();
}
