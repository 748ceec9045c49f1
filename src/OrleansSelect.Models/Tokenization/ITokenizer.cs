namespace OrleansSelect.Models.Tokenization;

/// <summary>Turns text into token ids and back; every model size of a family shares one tokenizer.</summary>
public interface ITokenizer
{
    int VocabSize { get; }

    /// <summary>The token that marks a boundary between texts (start of a text, end of the previous one).</summary>
    int BoundaryToken { get; }

    /// <summary>The tokens of <paramref name="text"/>, without boundary tokens.</summary>
    int[] Encode(string text);

    /// <summary>How many bytes of UTF-8 text a token stands for (0 for the boundary token); bits per byte needs it.</summary>
    int ByteLength(int token);
}
