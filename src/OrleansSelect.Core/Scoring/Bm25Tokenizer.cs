using System.Globalization;
using System.Text;

namespace OrleansSelect.Core.Scoring;

/// <summary>
/// BM25's tokenizer, as the paper's pipeline does it: lowercase, strip punctuation, split on
/// whitespace. Rules, precisely:
/// - letters are lowercased with the invariant culture;
/// - punctuation and symbols (Unicode categories P* and S*, a superset of ASCII punctuation) are
///   deleted, not replaced by a space, so "don't" is "dont" and "e-mail" is "email";
/// - digits are kept and are ordinary token characters ("2024", "x2"): numbers carry much of the
///   signal for maths and reasoning targets;
/// - tokens are the maximal runs of non-whitespace that remain; empty runs vanish.
/// </summary>
public static class Bm25Tokenizer
{
    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        foreach (var token in EnumerateTokens(Normalize(text)))
            tokens.Add(token.ToString());
        return tokens;
    }

    /// <summary>Lowercases and deletes punctuation; the result only needs splitting on whitespace.</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (IsStripped(c))
                continue;
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

    /// <summary>The whitespace-separated tokens of an already <see cref="Normalize"/>d text, without allocating.</summary>
    public static TokenEnumerator EnumerateTokens(string normalized) => new(normalized);

    private static bool IsStripped(char c) =>
        char.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
                or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
                or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                or UnicodeCategory.OtherPunctuation or UnicodeCategory.MathSymbol
                or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
                or UnicodeCategory.OtherSymbol => true,
            _ => false,
        };

    public ref struct TokenEnumerator(string normalized)
    {
        private readonly string _text = normalized;
        private int _next;

        public ReadOnlySpan<char> Current { get; private set; }

        public readonly TokenEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            var i = _next;
            while (i < _text.Length && char.IsWhiteSpace(_text[i]))
                i++;
            if (i == _text.Length)
            {
                _next = i;
                return false;
            }
            var start = i;
            while (i < _text.Length && !char.IsWhiteSpace(_text[i]))
                i++;
            Current = _text.AsSpan(start, i - start);
            _next = i;
            return true;
        }
    }
}
