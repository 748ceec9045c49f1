using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace OrleansSelect.Core.Data;

/// <summary>
/// Refuses a file that gives two examples the same id, naming the id and where each one is:
/// selection ranks examples by id, so a repeated one cannot be told apart from its twin. It streams
/// with the file and keeps, per id, only a 128-bit hash of it and its first line (about 50 bytes,
/// not the id's string), so checking a pool of millions stays a small part of ingest's memory. Two
/// different ids share a 128-bit hash with odds far below one in 10^18 even for a billion ids.
/// </summary>
public sealed class UniqueIds(string path, string unit = "line", string? hint = null)
{
    private readonly Dictionary<UInt128, long> _firstSeen = [];

    /// <param name="position">The 1-based line (or row) of the example in the file.</param>
    public void Add(string id, long position)
    {
        // The UTF-16 code units, exactly as ids compare (ordinal).
        var key = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(id.AsSpan()));
        if (_firstSeen.TryAdd(key, position)) return;
        throw new UserInputException(
            $"File '{path}' repeats example id '{id}' on {unit}s {_firstSeen[key]} and {position}; " +
            (hint ?? "every example needs its own id."));
    }
}
