using System.Buffers;
using System.Globalization;

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
        // Normalizing never lengthens text, so one buffer of the input's length always suffices.
        var rented = ArrayPool<char>.Shared.Rent(text.Length);
        var length = 0;
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            // Most text is runs of lowercase letters, digits and spaces, which stay as they are:
            // find the next char that changes (a vectorised search) and copy the run before it at once.
            var run = rest.IndexOfAnyExcept(AsciiUnchanged);
            if (run < 0) run = rest.Length;
            rest[..run].CopyTo(rented.AsSpan(length));
            length += run;
            if (run == rest.Length) break;
            var c = rest[run];
            rest = rest[(run + 1)..];
            if (c < AsciiMap.Length)
            {
                var mapped = AsciiMap[c];
                if (mapped != Stripped) rented[length++] = mapped;
            }
            else if (!IsStripped(c))
            {
                rented[length++] = char.ToLowerInvariant(c);
            }
        }
        var normalized = new string(rented, 0, length);
        ArrayPool<char>.Shared.Return(rented);
        return normalized;
    }

    /// <summary>The whitespace-separated tokens of an already <see cref="Normalize"/>d text, without allocating.</summary>
    public static TokenEnumerator EnumerateTokens(string normalized) => new(normalized);

    // U+FFFF is a noncharacter (category Cn), never stripped nor lowercased, so it cannot collide with a kept ASCII char.
    private const char Stripped = '\uffff';

    /// <summary>What each ASCII char becomes: its lowercase form, or <see cref="Stripped"/>. Built from the rule below, so the two cannot disagree.</summary>
    private static readonly char[] AsciiMap = BuildAsciiMap();

    /// <summary>The ASCII chars that the table maps to themselves.</summary>
    private static readonly SearchValues<char> AsciiUnchanged =
        SearchValues.Create(Enumerable.Range(0, AsciiMap.Length).Select(c => (char)c).Where(c => AsciiMap[c] == c).ToArray());

    private static char[] BuildAsciiMap()
    {
        var map = new char[128];
        for (var c = (char)0; c < map.Length; c++)
            map[c] = IsStripped(c) ? Stripped : char.ToLowerInvariant(c);
        return map;
    }

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
