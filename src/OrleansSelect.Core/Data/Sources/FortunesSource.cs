using System.Text;

namespace OrleansSelect.Core.Data.Sources;

/// <summary>
/// Debian fortunes (/usr/share/games/fortunes/CATEGORY): quotes separated by lines holding only
/// '%'. The .dat index files and .u8 links are skipped. Task: name the category of a quote.
/// </summary>
public sealed class FortunesSource : IPoolSource
{
    public const string Task = "fortune_category";

    public string Name => "fortunes";
    public string Package => "fortunes";
    public string DataFolder { get; init; } = Path.Combine("usr", "share", "games", "fortunes");

    public IEnumerable<PoolExample> Read(string packageRoot, SourceContext context)
    {
        var root = SourceFiles.RequireDirectory(packageRoot, DataFolder, Package);
        var files = SourceFiles.Sorted(root, "*")
            .Where(p => !Path.GetFileName(p).Contains('.') && new FileInfo(p).LinkTarget is null);
        foreach (var path in files)
        {
            var category = Path.GetFileName(path);
            var quote = new StringBuilder();
            long quoteLine = 1;
            foreach (var (number, line) in context.ReadLines(path, Name))
            {
                if (line.TrimEnd() == "%")
                {
                    var example = Make(quote, category, path, quoteLine, context);
                    if (example is not null) yield return example;
                    quote.Clear();
                    quoteLine = number + 1;
                    continue;
                }
                quote.Append(line.TrimEnd()).Append('\n');
            }
            var last = Make(quote, category, path, quoteLine, context);
            if (last is not null) yield return last;
        }
    }

    private PoolExample? Make(StringBuilder quote, string category, string path, long line, SourceContext context)
    {
        var text = quote.ToString().Trim('\n', ' ', '\t');
        // An empty chunk before the first '%' or at the end of a file is layout, not a record.
        if (text.Length == 0) return null;
        var example = ExampleIds.Create($"Which fortune category is this quote from?\nQuote: {text}\nCategory:",
            " " + category, Name, Task);
        return context.Accept(example, path, line) ? example : null;
    }
}
