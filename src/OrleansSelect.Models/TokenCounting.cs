using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Models.Tokenization;

namespace OrleansSelect.Models;

/// <summary>Token counts without running a model, for budgeting and pool statistics.</summary>
public static class TokenCounting
{
    /// <summary>
    /// Tokens a model processes for <paramref name="example"/>, counted the way training packs it:
    /// prompt and response encoded apart (a BPE merge never crosses between them), plus one boundary token.
    /// </summary>
    public static long CountTokens(ITokenizer tokenizer, PoolExample example) =>
        tokenizer.Encode(example.Prompt).Length + tokenizer.Encode(example.Response).Length + 1;

    /// <summary>The tokenizer of a size; look it up once per job, not per text (it checks the merges file on disk).</summary>
    public static ITokenizer TokenizerFor(string sizeName) => FamilyTokenizer.For(ModelCatalog.Get(sizeName));
}
