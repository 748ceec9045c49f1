using OrleansSelect.Models.Tokenization;

namespace OrleansSelect.Models.Training;

/// <summary>
/// Texts (their <see cref="TrainingTokens"/>) packed nanoGPT-style into one token stream (each text
/// preceded by the boundary token) and cut into rows of contextLength+1 tokens (inputs and next-token targets overlap by one). No
/// padding except in the last row, so the tokens processed per epoch are exactly
/// RowCount·ContextLength whatever the order of the texts: that makes FLOP estimates exact.
/// Every target carries a loss weight: prompt tokens <see cref="PromptWeight"/>, the response and
/// the boundary that ends it <see cref="ResponseWeight"/>. Response-only loss (instruction tuning as
/// in the paper's finetuning) is prompt weight 0: prompt tokens are inputs, not targets. A response
/// weight above 1 keeps the prompts learned while the label, 1 byte of ~100 that decides a
/// classification, gets a share of the gradient worth learning from. All positions are computed
/// whatever the weights, so the FLOPs do not change.
/// </summary>
public sealed class PackedSequences
{
    public const int IgnoredTarget = -100;

    private readonly TrainingTokens tokens;
    public float PromptWeight { get; }
    public float ResponseWeight { get; }
    private readonly int boundary;

    public int ContextLength { get; }
    public long StreamLength { get; }
    public int RowCount { get; }
    public long TokensPerEpoch => (long)RowCount * ContextLength;
    /// <summary>The texts there were when packed: a later <see cref="TrainingTokens.Add"/> is not part of this packing.</summary>
    public int TextCount { get; }

    /// <summary>Plain texts: every token is a target.</summary>
    public PackedSequences(IEnumerable<string> texts, ITokenizer tokenizer, int contextLength)
        : this(texts.Select(t => (string.Empty, t)), tokenizer, contextLength, responseOnly: false)
    {
    }

    /// <summary>Prompt/response pairs; with <paramref name="responseOnly"/>, prompts are not learned.</summary>
    public PackedSequences(IEnumerable<(string Prompt, string Response)> examples, ITokenizer tokenizer, int contextLength, bool responseOnly)
        : this(TrainingTokens.Of(examples, tokenizer), contextLength, responseOnly ? 0f : 1f, 1f)
    {
    }

    /// <summary>Tokenized prompt/response pairs with a loss weight for prompt tokens and one for response tokens.</summary>
    public PackedSequences(TrainingTokens tokens, int contextLength, float promptWeight, float responseWeight)
    {
        if (promptWeight < 0 || responseWeight <= 0)
            throw new Core.UserInputException($"Loss weights must be non-negative for prompts and positive for responses, not {promptWeight} and {responseWeight}.");
        PromptWeight = promptWeight;
        ResponseWeight = responseWeight;
        this.tokens = tokens;
        boundary = tokens.Tokenizer.BoundaryToken;
        ContextLength = contextLength;
        TextCount = tokens.Count;
        StreamLength = tokens.StreamLength;
        RowCount = RowsFor(StreamLength, contextLength);
    }

    /// <summary>Row count for a given stream length, without tokenizing (for estimates).</summary>
    public static int RowsFor(long streamLength, int contextLength) =>
        (int)Math.Max(0, (streamLength - 1 + contextLength - 1) / contextLength);

    /// <summary>
    /// The rows of one epoch: texts in the order given by <paramref name="order"/>, then cut. Each row
    /// is (inputs, targets, weights), all of length ContextLength; targets of weight 0 (the first
    /// boundary, prompts under response-only loss, the last row's missing tail) are ignored.
    /// </summary>
    public IEnumerable<(int[] Inputs, long[] Targets, float[] Weights)> Rows(IReadOnlyList<int> order)
    {
        var stream = new int[StreamLength];
        var weight = new float[StreamLength];
        long pos = 0;
        foreach (int i in order)
        {
            // The boundary before a text is learned as the end of the previous text's response.
            weight[pos] = pos > 0 ? ResponseWeight : 0f;
            stream[pos++] = boundary;
            var text = tokens.Tokens(i);
            int promptLength = tokens.PromptLength(i);
            text.CopyTo(stream.AsSpan((int)pos));
            for (int j = 0; j < text.Length; j++) weight[pos + j] = j < promptLength ? PromptWeight : ResponseWeight;
            pos += text.Length;
        }
        for (int r = 0; r < RowCount; r++)
        {
            var inputs = new int[ContextLength];
            var targets = new long[ContextLength];
            var weights = new float[ContextLength];
            long start = (long)r * ContextLength;
            for (int j = 0; j < ContextLength; j++)
            {
                long at = start + j;
                inputs[j] = at < StreamLength ? stream[at] : boundary;
                bool learned = at + 1 < StreamLength && weight[at + 1] > 0;
                targets[j] = learned ? stream[at + 1] : IgnoredTarget;
                weights[j] = learned ? weight[at + 1] : 0f;
            }
            yield return (inputs, targets, weights);
        }
    }
}
