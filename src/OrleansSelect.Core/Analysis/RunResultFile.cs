namespace OrleansSelect.Core.Analysis;

/// <summary>
/// A sweep results table on disk, CSV or Parquet by its extension: the one place that picks the
/// format, for `sweep results --out` and `fit --results` alike.
/// </summary>
public static class RunResultFile
{
    public static bool IsParquet(string path) => Path.GetExtension(path).Equals(".parquet", StringComparison.OrdinalIgnoreCase);

    /// <summary>Refuses an output path in neither format before anything is read from the cluster.</summary>
    public static void CheckOutput(string path)
    {
        if (!IsParquet(path) && !Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase))
            throw new UserInputException($"--out {path} must end in .csv or .parquet, the two results formats written.");
    }

    public static Task WriteAsync(string path, IReadOnlyList<RunResult> runs, CancellationToken ct = default)
    {
        CheckOutput(path);
        if (IsParquet(path))
            return RunResultParquet.WriteAsync(path, runs, ct);
        RunResultCsv.Write(path, runs);
        return Task.CompletedTask;
    }

    /// <summary>A .parquet file as Parquet; anything else as CSV (as `fit` has always read it).</summary>
    public static Task<IReadOnlyList<RunResult>> ReadAsync(string path, CancellationToken ct = default) =>
        IsParquet(path) ? RunResultParquet.ReadAsync(path, ct) : Task.FromResult(RunResultCsv.Read(path));
}
