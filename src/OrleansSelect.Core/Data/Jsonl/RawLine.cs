namespace OrleansSelect.Core.Data.Jsonl;

/// <summary>
/// One line of a JSONL file as bytes: where it starts, how many bytes it spans including its
/// newline, its 1-based number (0 when read from a byte range), and its content without the
/// newline, or null when the line was longer than the reader's limit.
/// </summary>
public readonly record struct RawLine(long Offset, int Length, long Number, byte[]? Content)
{
    public bool IsOversize => Content is null;

    public bool IsBlank => Content is { } bytes && bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r');
}
