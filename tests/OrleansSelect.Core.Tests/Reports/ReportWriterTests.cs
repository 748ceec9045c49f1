using System.Text.Json;
using OrleansSelect.Core.Reports;

namespace OrleansSelect.Core.Tests.Reports;

public class ReportWriterTests
{
    private static RunReport Run(string method, double accuracy) => new(
        $"r-{method}", "yelp", method, "micro", "top 1,000 tokens", 200, 20, 1000, 0.1,
        BudgetFlops: 1e12, SelectionFlops: 2e9, TrainingFlops: 8e11, EvaluationFlops: 1e11,
        accuracy, BitsPerByte: 2.5, FinalLoss: 1.7, TrainingSteps: 12, WallSeconds: 3.5, BudgetSpentFlops: 9.5e11, RawAccuracy: 0.6);

    [Fact]
    public void Json_and_markdown_hold_the_same_runs_with_costs_and_metrics()
    {
        var folder = Directory.CreateTempSubdirectory("report-").FullName;
        try
        {
            var (json, markdown) = ReportWriter.Write(folder, "demo", "random vs bm25", [Run("random", 0.5), Run("bm25", 0.75)]);

            using var document = JsonDocument.Parse(File.ReadAllText(json));
            var runs = document.RootElement.GetProperty("runs");
            Assert.Equal(2, runs.GetArrayLength());
            Assert.Equal("bm25", runs[1].GetProperty("run").GetProperty("Method").GetString());
            Assert.Equal(2e9 + 8e11 + 1e11, runs[1].GetProperty("totalFlops").GetDouble());

            var lines = File.ReadAllLines(markdown);
            Assert.Equal("# random vs bm25", lines[0]);
            var bm25 = lines.Single(l => l.StartsWith("| r-bm25 |"));
            Assert.Contains("| 9.02e+11 |", bm25);              // selection + training + evaluation
            Assert.Contains("| 1.00e+12 (9.50e+11) |", bm25);   // the budget and what its ledger spent
            Assert.Contains("| 75.0 % (60.0 %) |", bm25);        // calibrated (raw), invariant culture
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_target_without_labels_reports_no_accuracy_instead_of_failing()
    {
        var folder = Directory.CreateTempSubdirectory("report-").FullName;
        try
        {
            var (json, _) = ReportWriter.Write(folder, "gen", "generation", [Run("bm25", double.NaN) with { RawAccuracy = double.NaN }]);
            using var document = JsonDocument.Parse(File.ReadAllText(json));
            Assert.Equal("NaN", document.RootElement.GetProperty("runs")[0].GetProperty("run").GetProperty("Accuracy").GetString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
    [Fact]
    public void A_report_written_again_replaces_the_file_whole_instead_of_rewriting_it_in_place()
    {
        var folder = Directory.CreateTempSubdirectory("report-").FullName;
        try
        {
            var (json, markdown) = ReportWriter.Write(folder, "run", "first", [Run("random", 0.5)]);
            var before = File.ReadAllText(markdown);
            // A reader holding the old report (or a crash halfway through the new one) must never see a torn file:
            // the new report goes to a temporary file that then replaces the old one, so this handle keeps the old text.
            using var reader = new FileStream(markdown, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

            ReportWriter.Write(folder, "run", "second", [Run("bm25", 0.75)]);

            Assert.Equal(before, new StreamReader(reader).ReadToEnd());
            Assert.StartsWith("# second", File.ReadAllText(markdown));
            Assert.Contains("bm25", File.ReadAllText(json));
            Assert.Equal(new[] { "run.json", "run.md" }, Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("")]
    public void A_report_name_that_is_not_a_plain_file_name_is_refused(string name)
    {
        var folder = Directory.CreateTempSubdirectory("report-").FullName;
        try
        {
            var error = Assert.Throws<UserInputException>(() => ReportWriter.Write(folder, name, "t", [Run("random", 0.5)]));
            Assert.Contains($"'{name}'", error.Message);
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(folder)!, "outside.*"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
