using OrleansSelect.Core.Analysis;
using OrleansSelect.Core.Tests.Data;

namespace OrleansSelect.Core.Tests.Analysis;

public class RunResultCsvTests
{
    [Fact]
    public void A_written_table_reads_back_equal_including_nan_and_commas()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("results.csv");
        RunResult[] runs =
        [
            Runs.Run("bm25", 0.1, 1.234567890123e14, 0.61, selectionFlops: 3e9, trainingFlops: 1e14),
            Runs.Run("perplexity", 0.05, 2e14, double.NaN, selector: "micro") with { Target = "user, \"quoted\" target" },
        ];

        RunResultCsv.Write(path, runs);

        Assert.Equal(runs, RunResultCsv.Read(path));
        Assert.StartsWith("target,method,selector_size,selector_params,training_size", File.ReadLines(path).First());
    }

    [Fact]
    public void Missing_columns_are_named_in_one_sentence()
    {
        using var folder = new TempFolder();
        var path = folder.File("short.csv", "target,method,fraction\nyelp,bm25,0.1\n");

        var error = Assert.Throws<UserInputException>(() => RunResultCsv.Read(path));

        Assert.Contains("lacks the column(s) selector_size, selector_params, training_size", error.Message);
        Assert.Contains("wall_seconds of a sweep results CSV", error.Message);
    }

    [Fact]
    public void A_bad_number_names_its_line_and_column()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("results.csv");
        RunResultCsv.Write(path, [Runs.Run("bm25", 0.1, 1e14, 0.6)]);
        File.WriteAllText(path, File.ReadAllText(path).Replace(",0.1,", ",ten percent,"));

        var error = Assert.Throws<UserInputException>(() => RunResultCsv.Read(path));

        Assert.Contains("results.csv:2: column 'fraction' holds 'ten percent', which is not a number", error.Message);
    }
}
