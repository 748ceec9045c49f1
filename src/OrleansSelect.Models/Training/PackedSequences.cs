using OrleansSelect.Models.Tokenization;

namespace OrleansSelect.Models.Training;

/// <summary>
/// Texts packed nanoGPT-style into one token stream (each text preceded by the boundary token) and
/// cut into rows of contextLength+1 tokens (inputs and next-token targets overlap by one). No
/// padding except in the last row, so the tokens processed per epoch are exactly
/// RowCount·ContextLength whatever the order of the texts: that makes FLOP estimates exact.
/// </summary>
public sealed class PackedSequences
{
    public const int IgnoredTarget = -100;

    private readonly int[][] texts;
    private readonly int boundary;

    public int ContextLength { get; }
    public long StreamLength { get; }
    public int RowCount { get; }
    public long TokensPerEpoch => (long)RowCount * ContextLength;

    public PackedSequences(IEnumerable<string> texts, ITokenizer tokenizer, int contextLength)
    {
        this.texts = texts.Select(tokenizer.Encode).ToArray();
        boundary = tokenizer.BoundaryToken;
        ContextLength = contextLength;
        StreamLength = this.texts.Sum(t => (long)t.Length + 1);
        RowCount = (int)Math.Max(0, (StreamLength - 1 + contextLength - 1) / contextLength);
    }

    /// <summary>Row count for a given stream length, without tokenizing (for estimates).</summary>
    public static int RowsFor(long streamLength, int contextLength) =>
        (int)Math.Max(0, (streamLength - 1 + contextLength - 1) / contextLength);

    /// <summary>
    /// The rows of one epoch: texts in the order given by <paramref name="order"/>, then cut. Each row
    /// is (inputs, targets), both of length ContextLength; the last row's missing targets are ignored.
    /// </summary>
    public IEnumerable<(int[] Inputs, long[] Targets)> Rows(IReadOnlyList<int> order)
    {
        var stream = new int[StreamLength];
        long pos = 0;
        foreach (int i in order)
        {
            stream[pos++] = boundary;
            Array.Copy(texts[i], 0, stream, pos, texts[i].Length);
            pos += texts[i].Length;
        }
        for (int r = 0; r < RowCount; r++)
        {
            var inputs = new int[ContextLength];
            var targets = new long[ContextLength];
            long start = (long)r * ContextLength;
            for (int j = 0; j < ContextLength; j++)
            {
                long at = start + j;
                inputs[j] = at < StreamLength ? stream[at] : boundary;
                targets[j] = at + 1 < StreamLength ? stream[at + 1] : IgnoredTarget;
            }
            yield return (inputs, targets);
        }
    }

    public int TextCount => texts.Length;
}
