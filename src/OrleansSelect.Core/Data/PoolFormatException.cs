namespace OrleansSelect.Core.Data;

/// <summary>A record in a pool or target file that cannot be read; names the file and line.</summary>
public sealed class PoolFormatException(string path, long line, string reason)
    : UserInputException($"{path}:{line}: {reason}")
{
    public string Path { get; } = path;
    public long Line { get; } = line;
    public string Reason { get; } = reason;
}
