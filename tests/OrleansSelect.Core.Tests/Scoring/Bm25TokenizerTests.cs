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
}
