using OrleansSelect.Core.Compute;

using OrleansSelect.Models.Tokenization;

namespace OrleansSelect.Models;

/// <summary>Token counts without running a model, for budgeting and pool statistics.</summary>
public static class TokenCounting
{
    /// <summary>Tokens a model of <paramref name="sizeName"/> processes for <paramref name="text"/>: its tokens plus one boundary token.</summary>
    public static long CountTokens(string sizeName, string text)
    {
        var tokenizer = TokenizerFor(sizeName);
        return tokenizer.Encode(text).Length + 1;
    }

    public static ITokenizer TokenizerFor(string sizeName) => FamilyTokenizer.For(ModelCatalog.Get(sizeName));
}
