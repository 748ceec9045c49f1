using System.Text;

namespace OrleansSelect.Core.Data.Sources;

/// <summary>
/// The pattern syntax of bsdgames quiz files: "a|b" alternatives, "{x}" optional parts,
/// "[a|b]" groups, "\" escapes. <see cref="Canonical"/> gives the fullest first reading:
/// optional parts included, first alternative taken ("{J{ohn} }Adams" → "John Adams").
/// </summary>
public static class QuizPattern
{
    public static string Canonical(string pattern)
    {
        var position = 0;
        return Alternatives(pattern, ref position, null).Trim();
    }

    /// <summary>Splits a quiz line into its fields at colons that are not escaped.</summary>
    public static IReadOnlyList<string> Fields(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length)
            {
                current.Append(line, i, 2);
                i++;
            }
            else if (line[i] == ':')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(line[i]);
            }
        }
        fields.Add(current.ToString());
        return fields;
    }

    private static string Alternatives(string pattern, ref int position, char? close)
    {
        var first = Sequence(pattern, ref position, close);
        while (position < pattern.Length && pattern[position] == '|')
        {
            position++;
            Sequence(pattern, ref position, close);
        }
        return first;
    }

    private static string Sequence(string pattern, ref int position, char? close)
    {
        var builder = new StringBuilder();
        while (position < pattern.Length)
        {
            var c = pattern[position];
            if (c == '|' || c == close) break;
            if (c == '\\' && position + 1 < pattern.Length)
            {
                builder.Append(pattern[position + 1]);
                position += 2;
            }
            else if (c is '{' or '[')
            {
                position++;
                builder.Append(Alternatives(pattern, ref position, c == '{' ? '}' : ']'));
                if (position < pattern.Length) position++; // the closing brace or bracket
            }
            else
            {
                builder.Append(c);
                position++;
            }
        }
        return builder.ToString();
    }
}
