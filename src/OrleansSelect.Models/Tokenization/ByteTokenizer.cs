using System.Text;

namespace OrleansSelect.Models.Tokenization;

/// <summary>One token per UTF-8 byte (0..255), plus 256 as the boundary token. Owns no state.</summary>
public sealed class ByteTokenizer : ITokenizer
{
    public static ByteTokenizer Instance { get; } = new();

    public int VocabSize => 257;
    public int BoundaryToken => 256;

    public int[] Encode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var tokens = new int[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) tokens[i] = bytes[i];
        return tokens;
    }

    public int ByteLength(int token) => token == BoundaryToken ? 0 : 1;
}
