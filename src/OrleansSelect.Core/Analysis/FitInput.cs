namespace OrleansSelect.Core.Analysis;

/// <summary>
/// Reads the table that the `fit` command is given: a sweep results table (<see cref="RunResultFile"/>,
/// CSV or Parquet) or, when a CSV's header has the columns flops and score, published points
/// (<see cref="PublishedPoint"/>).
/// </summary>
public static class FitInput
{
    public static bool IsPublishedPoints(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException($"The file {path} does not exist.");
        if (RunResultFile.IsParquet(path))
            return false;
        var header = File.ReadLines(path).FirstOrDefault() ?? "";
        var columns = Csv.Columns(header);
        return columns.ContainsKey("flops") && columns.ContainsKey("score");
    }
}
