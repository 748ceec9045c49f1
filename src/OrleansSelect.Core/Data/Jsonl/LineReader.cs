namespace OrleansSelect.Core.Data.Jsonl;

/// <summary>
/// Streams the lines of a file as bytes with their offsets. Memory is bounded by the size limit:
/// a longer line is skipped to its end and reported as oversize, never buffered whole.
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
        var buffer = new byte[1 << 16];
        int bufferLength = 0, bufferPos = 0;
        var line = new MemoryStream();
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
                    if (line.Length > 0 || oversize)
                    {
                        if (countLines) number++;
                        yield return Make(lineStart, offset, countLines ? number : 0, line, oversize);
                    }
                    yield break;
                }
            }
            var newline = Array.IndexOf(buffer, (byte)'\n', bufferPos, bufferLength - bufferPos);
            var chunkEnd = newline < 0 ? bufferLength : newline;
            var chunk = chunkEnd - bufferPos;
            if (!oversize)
            {
                if (line.Length + chunk > maxLineBytes)
                {
                    oversize = true;
                    line.SetLength(0);
                }
                else
                {
                    line.Write(buffer, bufferPos, chunk);
                }
            }
            offset += chunk;
            bufferPos = chunkEnd;
            if (newline >= 0)
            {
                offset++;
                bufferPos++;
                if (countLines) number++;
                yield return Make(lineStart, offset, countLines ? number : 0, line, oversize);
                line.SetLength(0);
                oversize = false;
                lineStart = offset;
            }
        }
    }

    private static RawLine Make(long lineStart, long lineEnd, long number, MemoryStream line, bool oversize)
    {
        byte[]? content = null;
        if (!oversize)
        {
            content = line.ToArray();
            if (content.Length > 0 && content[^1] == '\r') content = content[..^1];
        }
        return new RawLine(lineStart, checked((int)(lineEnd - lineStart)), number, content);
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
