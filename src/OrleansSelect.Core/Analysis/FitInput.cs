namespace OrleansSelect.Core.Analysis;

/// <summary>
/// Reads the CSV that the `fit` command is given: a sweep results table (<see cref="RunResultCsv"/>)
/// or, when its header has the columns flops and score, published points (<see cref="PublishedPoint"/>).
/// </summary>
public static class FitInput
{
    public static bool IsPublishedPoints(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException($"The file {path} does not exist.");
        var header = File.ReadLines(path).FirstOrDefault() ?? "";
        var columns = Csv.Columns(header);
        return columns.ContainsKey("flops") && columns.ContainsKey("score");
    }

    public static IReadOnlyList<FitOutcome> Fit(string path, FitSettings settings) =>
        IsPublishedPoints(path)
            ? SweepFits.FromPublishedPoints(PublishedPoint.ReadCsv(path), settings)
            : SweepFits.FromRuns(RunResultCsv.Read(path), settings);
}
