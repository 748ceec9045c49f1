namespace OrleansSelect.Core.Data;

/// <summary>
/// Refuses a file that gives two examples the same id, naming the id and where each one is:
/// selection ranks examples by id, so a repeated one cannot be told apart from its twin. Keeps
/// one entry per id, so it streams with the file.
/// </summary>
public sealed class UniqueIds(string path, string unit = "line", string? hint = null)
{
    private readonly Dictionary<string, long> _firstSeen = new(StringComparer.Ordinal);

    /// <param name="position">The 1-based line (or row) of the example in the file.</param>
    public void Add(string id, long position)
    {
        if (_firstSeen.TryAdd(id, position)) return;
        throw new UserInputException(
            $"File '{path}' repeats example id '{id}' on {unit}s {_firstSeen[id]} and {position}; " +
            (hint ?? "every example needs its own id."));
    }
}
