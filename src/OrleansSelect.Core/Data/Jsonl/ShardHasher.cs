using System.Security.Cryptography;

namespace OrleansSelect.Core.Data.Jsonl;

/// <summary>
/// The SHA-256 of a shard's record lines, each line's bytes followed by a newline, in file order.
/// For our pool files (LF endings, no blank lines) that is the SHA-256 of the shard's bytes.
/// Fed line by line, so planning and reading a shard hash it in the pass they already make.
/// </summary>
public sealed class ShardHasher : IDisposable
{
    private static readonly byte[] Newline = "\n"u8.ToArray();
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public void Append(RawLine line)
    {
        if (line.IsOversize) throw new ArgumentException("an oversize line has no bytes to hash", nameof(line));
        _hash.AppendData(line.Content.Span);
        _hash.AppendData(Newline);
    }

    /// <summary>The hash of the lines appended so far; the hasher starts over afterwards.</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();
}
