using System.Text;

namespace OrleansSelect.Core.Scoring.Dsir;

/// <summary>
/// DSIR's features: every unigram and every bigram of a text, hashed into a fixed number of
/// buckets. Text is normalised and split exactly as BM25 does it (<see cref="Bm25Tokenizer"/>), a
/// bigram is its two tokens joined by one space, and the hash is 64-bit FNV-1a over the UTF-8
/// bytes: stable across processes, machines and .NET versions, unlike string.GetHashCode.
/// </summary>
public static class HashedNgrams
{
    public const int DefaultBuckets = 10_000;

    private const ulong FnvOffsetBasis = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    /// <summary>Calls <paramref name="onFeature"/> with the bucket of each unigram and bigram, in text order.</summary>
    public static void ForEachFeature(string text, int buckets, Action<int> onFeature)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        ulong? previous = null;
        foreach (var token in Bm25Tokenizer.EnumerateTokens(Bm25Tokenizer.Normalize(text)))
        {
            var unigram = Fnv1a(FnvOffsetBasis, token);
            onFeature(Bucket(unigram, buckets));
            if (previous is { } before)
            {
                // Hashing continues from the first token's state, so "a b" is hashed without building the string.
                var bigram = Fnv1a(Fnv1a(before, " "), token);
                onFeature(Bucket(bigram, buckets));
            }
            previous = unigram;
        }
    }

    /// <summary>64-bit FNV-1a of a text's UTF-8 bytes.</summary>
    public static ulong Fnv1a(string text) => Fnv1a(FnvOffsetBasis, text);

    private static ulong Fnv1a(ulong hash, ReadOnlySpan<char> text)
    {
        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(text.Length, 256))];
        if (text.Length > 256)
            bytes = new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        var length = Encoding.UTF8.GetBytes(text, bytes);
        foreach (var b in bytes[..length])
        {
            hash ^= b;
            hash *= FnvPrime;
        }
        return hash;
    }

    private static int Bucket(ulong hash, int buckets) => (int)(hash % (ulong)buckets);
}
