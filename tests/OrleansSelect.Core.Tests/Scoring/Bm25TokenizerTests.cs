using System.Globalization;
using System.Text;
using OrleansSelect.Core.Scoring;

namespace OrleansSelect.Core.Tests.Scoring;

public class Bm25TokenizerTests
{
    [Fact]
    public void LowercasesAndSplitsOnAnyWhitespace() =>
        Assert.Equal(["hello", "big", "world"], Bm25Tokenizer.Tokenize("Hello\tBIG\n  World "));

    [Fact]
    public void DeletesPunctuationInsteadOfSplittingOnIt() =>
        Assert.Equal(["dont", "email", "its", "done"], Bm25Tokenizer.Tokenize("Don't e-mail: \"it's done!\""));

    [Fact]
    public void DeletesSymbolsAndNonAsciiPunctuation() =>
        Assert.Equal(["a", "b", "100", "c"], Bm25Tokenizer.Tokenize("a + b = $100 «c» —"));

    [Fact]
    public void KeepsDigitsAsTokenCharacters() =>
        Assert.Equal(["x2", "2024", "314"], Bm25Tokenizer.Tokenize("x2 2024 3.14"));

    [Fact]
    public void PunctuationOnlyTextHasNoTokens()
    {
        Assert.Empty(Bm25Tokenizer.Tokenize("... !? -- "));
        Assert.Empty(Bm25Tokenizer.Tokenize(""));
    }

    [Fact]
    public void KeepsNonLatinLetters() =>
        Assert.Equal(["café", "straße", "мир"], Bm25Tokenizer.Tokenize("Café, Straße; МИР."));

    [Fact]
    public void SpanEnumerationYieldsTheSameTokens()
    {
        var text = "  The cat's  mat,\r\nsat 42 ";
        var spans = new List<string>();
        foreach (var token in Bm25Tokenizer.EnumerateTokens(Bm25Tokenizer.Normalize(text)))
            spans.Add(token.ToString());
        Assert.Equal(["the", "cats", "mat", "sat", "42"], spans);
        Assert.Equal(spans, Bm25Tokenizer.Tokenize(text));
    }

    [Fact]
    public void NormalizeEqualsTheUnicodeCategoryRuleOnAMixedCorpus()
    {
        string[] corpus =
        [
            "Plain ASCII, with punctuation: (brackets) [x] {y} <z> ~`^|\\ _under_ @#$%&*+=/ 'quotes' \"double\"",
            "Control\u0000chars\u0001 and\ttabs\r\nnewlines\u007f DEL",
            "Accents: Café, naïve, Ærøskøbing, ŁÓDŹ, İstanbul, ΣΊΣΥΦΟΣ, ǅ titlecase",
            "Symbols: €100 £5 ¥ © ® ™ ° ± × ÷ ¬ ¦ § ¶ · « » ‹ › „ “ ” ‘ ’ … – — ‰ ′ ″",
            "CJK: 数据选择很重要。日本語のテキスト、「引用」！한국어 텍스트?",
            "Emoji: 👍🏽 🇫🇷 👨‍👩‍👧 ❤️ ☃ and a lone surrogate \ud83d here",
            "Whitespace kinds:\u00a0nbsp\u2003em\u3000ideographic\u2028line\u0085nel",
            "Digits: ١٢٣ ①②③ ½ ²³ 0x2F 3.14",
        ];
        foreach (var text in corpus)
            Assert.Equal(ReferenceNormalize(text), Bm25Tokenizer.Normalize(text));
    }

    [Fact]
    public void NormalizeEqualsTheUnicodeCategoryRuleOnRandomStrings()
    {
        var random = new Random(1234);
        for (var n = 0; n < 2000; n++)
        {
            var chars = new char[random.Next(0, 64)];
            for (var i = 0; i < chars.Length; i++)
                // Half ASCII, half any UTF-16 code unit (surrogates included), so both paths and their seams are hit.
                chars[i] = random.Next(2) == 0 ? (char)random.Next(0, 128) : (char)random.Next(0, 0x10000);
            var text = new string(chars);
            Assert.Equal(ReferenceNormalize(text), Bm25Tokenizer.Normalize(text));
        }
    }

    /// <summary>The tokenizer's rule as its documentation states it, char by char, with no fast path.</summary>
    private static string ReferenceNormalize(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            var stripped = char.GetUnicodeCategory(c) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
                or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
                or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                or UnicodeCategory.OtherPunctuation or UnicodeCategory.MathSymbol
                or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol;
            if (!stripped) builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
