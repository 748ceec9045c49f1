namespace OrleansSelect.Core.Data.Sources;

/// <summary>
/// bsdgames quiz facts (/usr/share/games/bsdgames/quiz): the index names each data file and its
/// categories ("africa:Africa{n}:cap{ital}"); each data line holds one value per category. Every
/// line gives question-answer pairs between its first category and each other one, both ways.
/// </summary>
public sealed class BsdQuizSource : IPoolSource
{
    public const string Task = "quiz";

    public string Name => "bsd_quiz";
    public string Package => "bsdgames";
    public string DataFolder { get; init; } = Path.Combine("usr", "share", "games", "bsdgames", "quiz");

    public IEnumerable<PoolExample> Read(string packageRoot, SourceContext context)
    {
        var root = SourceFiles.RequireDirectory(packageRoot, DataFolder, Package);
        var index = SourceFiles.RequireFile(root, "index", Package);
        foreach (var (number, line) in LogicalLines(context, index))
        {
            var fields = QuizPattern.Fields(line);
            if (fields.Count < 3)
            {
                context.Drops.Reject(Name, "quiz index line has fewer than two categories", index, number);
                continue;
            }
            // The index holds absolute paths of the installed package; the file sits in our folder.
            var path = Path.Combine(root, Path.GetFileName(fields[0]));
            if (!File.Exists(path))
            {
                context.Drops.Reject(Name, "quiz data file named in the index is missing", index, number);
                continue;
            }
            var subject = Path.GetFileName(path);
            var categories = fields.Skip(1).Select(QuizPattern.Canonical).ToList();
            foreach (var example in Examples(context, path, subject, categories)) yield return example;
        }
    }

    private IEnumerable<PoolExample> Examples(SourceContext context, string path, string subject, IReadOnlyList<string> categories)
    {
        foreach (var (number, line) in LogicalLines(context, path))
        {
            var values = QuizPattern.Fields(line).Select(QuizPattern.Canonical).ToList();
            if (values.Count != categories.Count)
            {
                context.Drops.Reject(Name, "quiz line does not have one value per category", path, number);
                continue;
            }
            for (var j = 1; j < values.Count; j++)
            {
                foreach (var (q, a) in new[] { (0, j), (j, 0) })
                {
                    if (values[q].Length == 0 || values[a].Length == 0) continue;
                    var example = ExampleIds.Create(
                        $"Quiz ({subject}): given the {categories[q]} \"{values[q]}\", what is the {categories[a]}?\nAnswer:",
                        " " + values[a], Name, Task);
                    if (context.Accept(example, path, number)) yield return example;
                }
            }
        }
    }

    /// <summary>Lines with a trailing backslash continue on the next line.</summary>
    private IEnumerable<(long Number, string Text)> LogicalLines(SourceContext context, string path)
    {
        string? pending = null;
        long start = 0;
        foreach (var (number, text) in context.ReadLines(path, Name))
        {
            if (pending is null) start = number;
            var joined = (pending ?? "") + text;
            if (joined.EndsWith('\\') && !joined.EndsWith(@"\\", StringComparison.Ordinal))
            {
                pending = joined[..^1];
                continue;
            }
            pending = null;
            if (joined.Trim().Length > 0) yield return (start, joined);
        }
        if (pending is { Length: > 0 }) yield return (start, pending);
    }
}
