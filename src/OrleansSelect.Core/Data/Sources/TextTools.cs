using System.Text;
using System.Text.RegularExpressions;

namespace OrleansSelect.Core.Data.Sources;

/// <summary>Small text helpers the source parsers share: whitespace, sentences, bounded cuts.</summary>
public static partial class TextTools
{
    /// <summary>Every run of whitespace becomes one space; ends are trimmed.</summary>
    public static string CollapseWhitespace(string text) => Whitespace().Replace(text, " ").Trim();

    /// <summary>Cuts text to at most maxChars, at the last space before the limit when there is one.</summary>
    public static string Bound(string text, int maxChars)
    {
        if (text.Length <= maxChars) return text;
        var cut = text.LastIndexOf(' ', maxChars);
        return (cut > maxChars / 2 ? text[..cut] : text[..maxChars]).TrimEnd();
    }

    /// <summary>Splits prose into sentences at ., ! or ? followed by space and a capital or quote.</summary>
    public static IReadOnlyList<string> Sentences(string text) =>
        SentenceBreak().Split(CollapseWhitespace(text)).Where(s => s.Length > 0).ToList();

    /// <summary>
    /// Joins consecutive sentences into passages of at least <paramref name="minChars"/> characters
    /// (the last may be shorter); a single sentence longer than <paramref name="maxChars"/> is cut.
    /// </summary>
    public static IReadOnlyList<string> Passages(IEnumerable<string> sentences, int minChars, int maxChars)
    {
        var passages = new List<string>();
        var current = new StringBuilder();
        foreach (var sentence in sentences)
        {
            if (current.Length > 0 && current.Length + 1 + sentence.Length > maxChars)
            {
                passages.Add(current.ToString());
                current.Clear();
            }
            if (current.Length > 0) current.Append(' ');
            current.Append(sentence.Length > maxChars ? Bound(sentence, maxChars) : sentence);
            if (current.Length >= minChars)
            {
                passages.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0) passages.Add(current.ToString());
        return passages;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?<=[.!?][""'’”)]?)\s+(?=[""'“‘(]?[A-Z])")]
    private static partial Regex SentenceBreak();
}
