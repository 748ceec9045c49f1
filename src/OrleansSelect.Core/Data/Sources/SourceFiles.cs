namespace OrleansSelect.Core.Data.Sources;

/// <summary>Locates a source's files under its package folder, in a fixed (ordinal) order.</summary>
public static class SourceFiles
{
    /// <summary>The folder inside the package; a missing one means the package was not fetched.</summary>
    public static string RequireDirectory(string packageRoot, string relative, string package)
    {
        var path = Path.Combine(packageRoot, relative);
        if (!Directory.Exists(path))
            throw new UserInputException(
                $"Folder '{path}' of package '{package}' is missing; run 'orleansselect data fetch' first.");
        return path;
    }

    public static string RequireFile(string packageRoot, string relative, string package)
    {
        var path = Path.Combine(packageRoot, relative);
        if (!File.Exists(path))
            throw new UserInputException(
                $"File '{path}' of package '{package}' is missing; run 'orleansselect data fetch' first.");
        return path;
    }

    /// <summary>Files matching the pattern, sorted by ordinal name so every machine reads them alike.</summary>
    public static IReadOnlyList<string> Sorted(string directory, string pattern, SearchOption option = SearchOption.TopDirectoryOnly) =>
        Directory.GetFiles(directory, pattern, option).Order(StringComparer.Ordinal).ToList();
}
