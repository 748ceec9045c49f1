using System.Globalization;

namespace OrleansSelect.Core.Data.Sources;

/// <summary>
/// WordNet 3.0 (Debian wordnet-base, /usr/share/wordnet/data.{noun,verb,adj,adv}): one synset a
/// line, "offset lex_filenum ss_type w_cnt word lex_id … | gloss". Lines starting with spaces are
/// the licence header. Synsets alternate between two tasks: define a word, and name the word
/// for a definition (one example per synset, so the pool is not dominated by WordNet).
/// </summary>
public sealed class WordNetSource : IPoolSource
{
    public const string DefineTask = "wordnet_definition";
    public const string WordTask = "wordnet_word";

    private static readonly (string File, string PartOfSpeech)[] Files =
        [("data.noun", "noun"), ("data.verb", "verb"), ("data.adj", "adjective"), ("data.adv", "adverb")];

    public string Name => "wordnet";
    public string Package => "wordnet-base";
    public string DataFolder { get; init; } = Path.Combine("usr", "share", "wordnet");

    public IEnumerable<PoolExample> Read(string packageRoot, SourceContext context)
    {
        var root = SourceFiles.RequireDirectory(packageRoot, DataFolder, Package);
        long synset = 0;
        foreach (var (file, partOfSpeech) in Files)
        {
            var path = SourceFiles.RequireFile(root, file, Package);
            foreach (var (number, line) in context.ReadLines(path, Name))
            {
                if (line.Length == 0 || line[0] == ' ') continue;
                var parsed = Parse(line);
                if (parsed is null)
                {
                    context.Drops.Reject(Name, "malformed WordNet synset line", path, number);
                    continue;
                }
                var (word, gloss) = parsed.Value;
                if (!context.HasText(gloss, Name, path, number)) continue;
                var example = synset++ % 2 == 0
                    ? ExampleIds.Create($"Define the {partOfSpeech} \"{word}\".\nDefinition:", " " + gloss, Name, DefineTask)
                    : ExampleIds.Create($"Which {partOfSpeech} has this meaning: {gloss}\nWord:", " " + word, Name, WordTask);
                if (context.Accept(example, path, number)) yield return example;
            }
        }
    }

    /// <summary>The synset's first word (underscores as spaces, no syntax marker) and its gloss.</summary>
    public static (string Word, string Gloss)? Parse(string line)
    {
        var bar = line.IndexOf(" | ", StringComparison.Ordinal);
        if (bar < 0) return null;
        var fields = line[..bar].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 6) return null;
        if (!int.TryParse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var count) || count < 1)
            return null;
        var word = fields[4];
        // Adjectives may carry a syntactic marker such as "(a)", "(p)" or "(ip)".
        var marker = word.IndexOf('(');
        if (marker > 0) word = word[..marker];
        return (word.Replace('_', ' '), line[(bar + 3)..].Trim());
    }
}
