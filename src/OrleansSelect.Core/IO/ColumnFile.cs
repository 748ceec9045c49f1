using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace OrleansSelect.Core.IO;

/// <summary>
/// One column of per-example numbers (a shard's scores, or its token counts), or a blob of bytes (its
/// part of a method's global statistics), as a small binary file:
/// <code>
///   "OSCOLUMN"            8 bytes, the magic
///   version               uint16 (1)
///   element type          byte (<see cref="ColumnType"/>), then one reserved zero byte
///   count                 int64, the number of values
///   key length, key       int32, then that many bytes of UTF-8: what the values belong to
///   values                count × 8 (float64), × 4 (int32) or × 1 (bytes), little-endian
///   SHA-256               32 bytes, of every byte before it
/// </code>
/// The key and count are checked on reading, so a file written for other scores or another shard
/// is refused as surely as a truncated or bit-flipped one. No Parquet: one typed column with a key
/// and a whole-file checksum is all a shard needs, and this stays readable in a hundred lines.
/// </summary>
public static class ColumnFile
{
    public const ushort Version = 1;
    private static readonly byte[] Magic = "OSCOLUMN"u8.ToArray();
    private const int FixedHeaderBytes = 8 + 2 + 1 + 1 + 8 + 4;
    private const int ChecksumBytes = 32;

    /// <summary>Writes the column to <paramref name="stream"/>; returns the SHA-256 it ends with, as lowercase hex.</summary>
    public static string Write<T>(Stream stream, string key, ReadOnlySpan<T> values) where T : unmanaged
    {
        RequireLittleEndian();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var header = new byte[FixedHeaderBytes];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), Version);
        header[10] = (byte)TypeOf<T>();
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(12), values.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(20), keyBytes.Length);

        WriteHashed(stream, hash, header);
        WriteHashed(stream, hash, keyBytes);
        WriteHashed(stream, hash, MemoryMarshal.AsBytes(values));
        var checksum = hash.GetHashAndReset();
        stream.Write(checksum);
        return Convert.ToHexStringLower(checksum);
    }

    /// <summary>
    /// Reads a column written by <see cref="Write{T}"/>, checking everything it can: the magic, the
    /// version, the element type, that it belongs to <paramref name="key"/>, that it holds
    /// <paramref name="expectedCount"/> values (any number when null), that nothing follows it, and
    /// its checksum. Throws <see cref="ColumnFileException"/> saying what is wrong.
    /// </summary>
    public static ColumnRead<T> Read<T>(Stream stream, string key, long? expectedCount) where T : unmanaged
    {
        RequireLittleEndian();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // The magic first, so a file of something else is named as such even when it is short.
        var header = new byte[FixedHeaderBytes];
        ReadHashed(stream, hash, header.AsSpan(0, Magic.Length), "its header");
        if (!header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new ColumnFileException("it is not an OrleansSelect column file");
        ReadHashed(stream, hash, header.AsSpan(Magic.Length), "its header");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8));
        if (version != Version)
            throw new ColumnFileException($"it has format version {version}; this build reads version {Version}");
        if (header[10] != (byte)TypeOf<T>())
            throw new ColumnFileException($"it holds element type {header[10]}, not {TypeOf<T>()}");
        var count = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(12));
        if (expectedCount is { } expected && count != expected)
            throw new ColumnFileException($"it holds {count} values, not the {expected} expected");
        if (count < 0)
            throw new ColumnFileException($"its count {count} is negative");
        // Checked before allocating, so a damaged count never asks for more memory than the file could hold.
        if (stream.CanSeek && count > stream.Length)
            throw new ColumnFileException("it is truncated (it ends inside its values)");
        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(20));
        if (keyLength is < 0 or > 1 << 16)
            throw new ColumnFileException($"its key length {keyLength} is not plausible");
        var storedKey = Encoding.UTF8.GetString(ReadHashed(stream, hash, keyLength, "its key"));
        if (storedKey != key)
            throw new ColumnFileException($"it was written for '{storedKey}', not '{key}'");

        var values = new T[count];
        ReadHashed(stream, hash, MemoryMarshal.AsBytes(values.AsSpan()), "its values");
        var computed = hash.GetHashAndReset();
        var stored = new byte[ChecksumBytes];
        ReadExactly(stream, stored, "its checksum");
        if (!stored.AsSpan().SequenceEqual(computed))
            throw new ColumnFileException("its checksum does not match its bytes");
        if (stream.ReadByte() != -1)
            throw new ColumnFileException("it has bytes after its checksum");
        return new ColumnRead<T>(values, Convert.ToHexStringLower(stored));
    }

    private static ColumnType TypeOf<T>() where T : unmanaged =>
        typeof(T) == typeof(double) ? ColumnType.Float64
        : typeof(T) == typeof(int) ? ColumnType.Int32
        : typeof(T) == typeof(byte) ? ColumnType.Bytes
        : throw new NotSupportedException($"a column of {typeof(T).Name} has no element type");

    private static void WriteHashed(Stream stream, IncrementalHash hash, ReadOnlySpan<byte> bytes)
    {
        hash.AppendData(bytes);
        stream.Write(bytes);
    }

    private static byte[] ReadHashed(Stream stream, IncrementalHash hash, int length, string part)
    {
        var bytes = new byte[length];
        ReadHashed(stream, hash, bytes, part);
        return bytes;
    }

    private static void ReadHashed(Stream stream, IncrementalHash hash, Span<byte> into, string part)
    {
        ReadExactly(stream, into, part);
        hash.AppendData(into);
    }

    private static void ReadExactly(Stream stream, Span<byte> into, string part)
    {
        try
        {
            stream.ReadExactly(into);
        }
        catch (EndOfStreamException)
        {
            throw new ColumnFileException($"it is truncated (it ends inside {part})");
        }
    }

    // The values are written as the machine holds them; every platform .NET runs on today is little-endian.
    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("column files are written little-endian, and this machine is big-endian");
    }
}

/// <summary>The element types a <see cref="ColumnFile"/> holds.</summary>
public enum ColumnType : byte
{
    Float64 = 1,
    Int32 = 2,
    Bytes = 3,
}

/// <summary>A column's values and the SHA-256 its file ends with.</summary>
public sealed record ColumnRead<T>(T[] Values, string Sha256);

/// <summary>A column file that cannot be trusted; the message says why, in words that follow "the file ... ".</summary>
public sealed class ColumnFileException(string reason) : Exception(reason);
