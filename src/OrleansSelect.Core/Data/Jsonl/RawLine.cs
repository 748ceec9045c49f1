namespace OrleansSelect.Core.Data.Jsonl;

/// <summary>
/// One line of a JSONL file as bytes: where it starts, how many bytes it spans including its
/// newline, its 1-based number (0 when read from a byte range), and its content without the
/// newline (empty and <see cref="IsOversize"/> when the line was longer than the reader's limit).
/// The content is a view of the reader's buffer, valid only until the reader moves to the next
/// line: use or copy it in the loop body, never keep it.
/// </summary>
public readonly record struct RawLine(long Offset, int Length, long Number, ReadOnlyMemory<byte> Content, bool IsOversize)
{
    public bool IsBlank => !IsOversize && !Content.Span.ContainsAnyExcept(" \t\r"u8);
}
