using System.Security.Cryptography;
using System.Text;

namespace OrleansSelect.Core.Data;

/// <summary>
/// Content-hash ids: the same prompt and response always get the same id, whichever source or
/// run produced them, so duplicates collapse and shard scores stay valid across rebuilds.
/// </summary>
public static class ExampleIds
{
    /// <summary>Hex of the first 16 bytes of SHA-256(UTF-8(prompt) 0x00 UTF-8(response)).</summary>
    public static string For(string prompt, string response)
    {
        // The NUL separator keeps ("ab", "c") and ("a", "bc") apart.
        var bytes = Encoding.UTF8.GetBytes(prompt + "\0" + response);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    /// <summary>Makes an example whose id is the content hash of its prompt and response.</summary>
    public static PoolExample Create(string prompt, string response, string source, string task) =>
        new(For(prompt, response), prompt, response, source, task);
}
