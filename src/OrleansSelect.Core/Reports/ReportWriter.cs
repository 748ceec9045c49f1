using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansSelect.Core.Reports;

/// <summary>Writes runs as a JSON file (for tools) and a Markdown table (for people), side by side.</summary>
public static class ReportWriter
{
    // A target without labels has no accuracy (NaN); JSON gets it as "NaN" rather than failing.
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes {name}.json and {name}.md into the folder and returns their paths.</summary>
    public static (string JsonPath, string MarkdownPath) Write(string directory, string name, string title, IReadOnlyList<RunReport> runs)
    {
        Directory.CreateDirectory(directory);
        var jsonPath = Path.Combine(directory, name + ".json");
        var markdownPath = Path.Combine(directory, name + ".md");
        var document = new { title, runs = runs.Select(r => new { run = r, totalFlops = r.TotalFlops }) };
        File.WriteAllText(jsonPath, JsonSerializer.Serialize(document, Json));
        File.WriteAllText(markdownPath, ToMarkdown(title, runs));
        return (jsonPath, markdownPath);
    }

    public static string ToMarkdown(string title, IReadOnlyList<RunReport> runs)
    {
        var md = new StringBuilder();
        md.AppendLine($"# {title}").AppendLine();
        md.AppendLine("| run | method | model | selection | selected (examples / tokens) | selection FLOPs | training FLOPs | evaluation FLOPs | total FLOPs | budget (spent) | accuracy (raw) | bits/byte | wall time |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in runs)
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.RunId} | {r.Method} | {r.ModelSize} | {r.Criterion} | {r.SelectedExamples:N0} of {r.PoolExamples:N0} ({r.SelectedFraction:P2}) / {r.SelectedTokens:N0} | {Flops(r.SelectionFlops)} | {Flops(r.TrainingFlops)} | {Flops(r.EvaluationFlops)} | {Flops(r.TotalFlops)} | {Flops(r.BudgetFlops)} ({Flops(r.BudgetSpentFlops)}) | {r.Accuracy:P1} ({r.RawAccuracy:P1}) | {r.BitsPerByte:F3} | {r.WallSeconds:F1} s |"));
        return md.ToString();
    }

    public static string Flops(double flops) => flops.ToString("0.00e+00", CultureInfo.InvariantCulture);
}
