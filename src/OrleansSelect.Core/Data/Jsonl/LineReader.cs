using System.Buffers;

namespace OrleansSelect.Core.Data.Jsonl;

/// <summary>
/// Streams the lines of a file as bytes with their offsets. Memory is bounded by the size limit:
/// a longer line is skipped to its end and reported as oversize, never buffered whole. Each line is
/// handed out in one reused buffer (see <see cref="RawLine"/>), so reading allocates nothing per line.
/// </summary>
public static class LineReader
{
    /// <summary>
    /// Reads the lines that start in [start, end). If start is inside a line, that line belongs to
    /// the range before and is skipped. Line numbers are counted only when start is 0.
    /// </summary>
    public static IEnumerable<RawLine> Read(string path, long start, long end, int maxLineBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
            FileOptions.SequentialScan);
        if (end > stream.Length) end = stream.Length;
        long offset = start;
        if (start > 0)
        {
            stream.Position = start - 1;
            // A range starts at a line start only if the byte before it ends a line.
            if (stream.ReadByte() != '\n') offset = SkipToNextLine(stream, start);
        }
        stream.Position = offset;
        var countLines = start == 0;
        long number = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        var line = ArrayPool<byte>.Shared.Rent(1 << 12);
        try
        {
            int bufferLength = 0, bufferPos = 0, lineLength = 0;
            var oversize = false;
            var lineStart = offset;
            while (lineStart < end)
            {
                if (bufferPos == bufferLength)
                {
                    bufferLength = stream.Read(buffer, 0, buffer.Length);
                    bufferPos = 0;
                    if (bufferLength == 0)
                    {
                        // Last line without a trailing newline.
                        if (lineLength > 0 || oversize)
                        {
                            if (countLines) number++;
                            yield return Make(lineStart, offset, countLines ? number : 0, line, lineLength, oversize);
                        }
                        yield break;
                    }
                }
                var newline = buffer.AsSpan(bufferPos, bufferLength - bufferPos).IndexOf((byte)'\n');
                var chunk = newline < 0 ? bufferLength - bufferPos : newline;
                if (!oversize)
                {
                    if (lineLength + chunk > maxLineBytes)
                    {
                        oversize = true;
                        lineLength = 0;
                    }
                    else
                    {
                        if (lineLength + chunk > line.Length) line = Grow(line, lineLength, lineLength + chunk);
                        buffer.AsSpan(bufferPos, chunk).CopyTo(line.AsSpan(lineLength));
                        lineLength += chunk;
                    }
                }
                offset += chunk;
                bufferPos += chunk;
                if (newline >= 0)
                {
                    offset++;
                    bufferPos++;
                    if (countLines) number++;
                    yield return Make(lineStart, offset, countLines ? number : 0, line, lineLength, oversize);
                    lineLength = 0;
                    oversize = false;
                    lineStart = offset;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<byte>.Shared.Return(line);
        }
    }

    private static RawLine Make(long lineStart, long lineEnd, long number, byte[] line, int lineLength, bool oversize)
    {
        if (!oversize && lineLength > 0 && line[lineLength - 1] == '\r') lineLength--;
        var content = oversize ? ReadOnlyMemory<byte>.Empty : line.AsMemory(0, lineLength);
        return new RawLine(lineStart, checked((int)(lineEnd - lineStart)), number, content, oversize);
    }

    /// <summary>A larger pooled buffer holding the first <paramref name="used"/> bytes of the old one, which goes back to the pool.</summary>
    private static byte[] Grow(byte[] old, int used, int needed)
    {
        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, old.Length * 2));
        old.AsSpan(0, used).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(old);
        return grown;
    }

    private static long SkipToNextLine(Stream stream, long position)
    {
        stream.Position = position;
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            position++;
            if (b == '\n') return position;
        }
        return position;
    }
}
