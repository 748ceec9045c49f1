using OrleansSelect.Models.Tokenization;

namespace OrleansSelect.Models.Training;

/// <summary>
/// Training examples as training needs them: each one's tokens (prompt and response encoded apart, so
/// a BPE merge never crosses between them) in the order added, and the counts a plan is made of. It is
/// built a batch at a time as the examples arrive and keeps no text, so a selection of millions is held
/// as its token ids only. The one way training data is made: <see cref="PackedSequences"/> packs it
/// and <see cref="TargetFinetuner"/> plans, estimates and keys its checkpoints from its counts.
/// </summary>
public sealed class TrainingTokens(ITokenizer tokenizer)
{
    private readonly List<int[]> texts = [];
    private readonly List<int> promptLengths = [];

    public ITokenizer Tokenizer { get; } = tokenizer;
    public int Count => texts.Count;

    /// <summary>Tokens of the packed stream: each example's and the boundary before it, as <see cref="TokenCounting.CountTokens"/> counts them.</summary>
    public long StreamLength { get; private set; }

    public static TrainingTokens Of(IEnumerable<(string Prompt, string Response)> examples, ITokenizer tokenizer)
    {
        var tokens = new TrainingTokens(tokenizer);
        tokens.Add(examples);
        return tokens;
    }

    /// <summary>Appends a batch in its order; nothing of it is kept but its tokens.</summary>
    public void Add(IEnumerable<(string Prompt, string Response)> examples)
    {
        foreach (var (prompt, response) in examples)
        {
            var promptTokens = Tokenizer.Encode(prompt);
            int[] text = [.. promptTokens, .. Tokenizer.Encode(response)];
            texts.Add(text);
            promptLengths.Add(promptTokens.Length);
            StreamLength += text.Length + 1L;
        }
    }

    /// <summary>Example <paramref name="index"/>'s prompt tokens followed by its response tokens.</summary>
    public ReadOnlySpan<int> Tokens(int index) => texts[index];

    public int PromptLength(int index) => promptLengths[index];
}
