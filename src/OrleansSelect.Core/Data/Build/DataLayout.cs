namespace OrleansSelect.Core.Data.Build;

/// <summary>
/// Where everything lives under a data directory: downloads/ (artifacts as fetched),
/// sources/PACKAGE/ (extracted), built/TARGET/ (pool, reference, test, target.json) and
/// built/stats.json + stats.md.
/// </summary>
public sealed class DataLayout(string root)
{
    public string Root { get; } = Path.GetFullPath(root);
    public string Downloads => Path.Combine(Root, "downloads");
    public string Sources => Path.Combine(Root, "sources");
    public string Built => Path.Combine(Root, "built");
    public string StatsJson => Path.Combine(Built, "stats.json");
    public string StatsMarkdown => Path.Combine(Built, "stats.md");

    public string SourceFolder(string package) => Path.Combine(Sources, package);
    public string TargetFolder(string target) => Path.Combine(Built, target);
}
