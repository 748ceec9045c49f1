using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansSelect.Core.IO;

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
        RequirePlainName(name, "the report name");
        Directory.CreateDirectory(directory);
        var jsonPath = Path.Combine(directory, name + ".json");
        var markdownPath = Path.Combine(directory, name + ".md");
        var document = new { title, runs = runs.Select(r => new { run = r, totalFlops = r.TotalFlops }) };
        // A reader or a crash sees the old report or the new one, never half of one.
        AtomicFile.WriteAllText(jsonPath, JsonSerializer.Serialize(document, Json));
        AtomicFile.WriteAllText(markdownPath, ToMarkdown(title, runs));
        return (jsonPath, markdownPath);
    }

    /// <summary>
    /// Refuses a name that is not one plain file name ('../x', 'a/b', '..'), so a report can never land
    /// outside its folder. Commands call it on the ids that name their reports before any work starts.
    /// </summary>
    public static void RequirePlainName(string name, string what)
    {
        if (name.Length == 0 || name is "." or ".." || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('\\'))
            throw new UserInputException($"{what} '{name}' must be a plain name without '/' or '..', since it names a report file");
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
