using OrleansSelect.Models.Tokenization;

namespace OrleansSelect.Models.Training;

/// <summary>
/// Texts packed nanoGPT-style into one token stream (each text preceded by the boundary token) and
/// cut into rows of contextLength+1 tokens (inputs and next-token targets overlap by one). No
/// padding except in the last row, so the tokens processed per epoch are exactly
/// RowCount·ContextLength whatever the order of the texts: that makes FLOP estimates exact.
/// With response-only loss (instruction tuning as in the paper's finetuning), the prompt's tokens
/// are inputs but not targets: only the response and the boundary that ends it are learned.
/// All positions are computed either way, so the FLOPs do not change.
/// </summary>
public sealed class PackedSequences
{
    public const int IgnoredTarget = -100;

    private readonly int[][] texts;
    private readonly int[] promptLengths;
    private readonly int boundary;

    public int ContextLength { get; }
    public long StreamLength { get; }
    public int RowCount { get; }
    public long TokensPerEpoch => (long)RowCount * ContextLength;
    public int TextCount => texts.Length;

    /// <summary>Plain texts: every token is a target.</summary>
    public PackedSequences(IEnumerable<string> texts, ITokenizer tokenizer, int contextLength)
        : this(texts.Select(t => (string.Empty, t)), tokenizer, contextLength, responseOnly: false)
    {
    }

    /// <summary>Prompt/response pairs; with <paramref name="responseOnly"/>, prompts are not learned.</summary>
    public PackedSequences(IEnumerable<(string Prompt, string Response)> examples, ITokenizer tokenizer, int contextLength, bool responseOnly)
    {
        var list = examples.ToList();
        texts = new int[list.Count][];
        promptLengths = new int[list.Count];
        for (int i = 0; i < list.Count; i++)
        {
            var prompt = tokenizer.Encode(list[i].Prompt);
            var response = tokenizer.Encode(list[i].Response);
            texts[i] = [.. prompt, .. response];
            promptLengths[i] = responseOnly ? prompt.Length : 0;
        }
        boundary = tokenizer.BoundaryToken;
        ContextLength = contextLength;
        StreamLength = texts.Sum(t => (long)t.Length + 1);
        RowCount = RowsFor(StreamLength, contextLength);
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
        var learned = new bool[StreamLength];
        long pos = 0;
        foreach (int i in order)
        {
            // The boundary before a text is learned as the end of the previous text's response.
            learned[pos] = pos > 0;
            stream[pos++] = boundary;
            Array.Copy(texts[i], 0, stream, pos, texts[i].Length);
            for (int j = promptLengths[i]; j < texts[i].Length; j++) learned[pos + j] = true;
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
                targets[j] = at + 1 < StreamLength && learned[at + 1] ? stream[at + 1] : IgnoredTarget;
            }
            yield return (inputs, targets);
        }
    }
}
