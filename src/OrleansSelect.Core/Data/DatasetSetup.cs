using OrleansSelect.Core.Data.Artifacts;
using OrleansSelect.Core.Data.Build;

namespace OrleansSelect.Core.Data;

/// <summary>
/// Makes sure a target is built, fetching and building on first use: what `demo` calls so a
/// newcomer types one command. Quick when the target is already there.
/// </summary>
public static class DatasetSetup
{
    public static bool IsBuilt(string dataDir, string target)
    {
        var directory = new DataLayout(dataDir).TargetFolder(SentimentFormat.RequireDomain(target));
        return File.Exists(Path.Combine(directory, TargetManifest.FileName)) &&
               File.Exists(Path.Combine(directory, TargetTaskStore.PoolFile)) &&
               File.Exists(Path.Combine(directory, TargetTaskStore.ReferenceFile)) &&
               File.Exists(Path.Combine(directory, TargetTaskStore.TestFile));
    }

    /// <summary>
    /// Returns &lt;data&gt;/built/&lt;target&gt;, fetching and building first if it is missing, and the
    /// pool sources that build left out because this machine cannot provide their packages (empty
    /// on Debian 12, and when the target was already built).
    /// </summary>
    public static async Task<(string TargetFolder, IReadOnlyList<SkippedSource> Skipped)> EnsureBuiltAsync(
        string dataDir, string target, IProgress<string>? progress, CancellationToken ct)
    {
        var domain = SentimentFormat.RequireDomain(target);
        var layout = new DataLayout(dataDir);
        if (IsBuilt(dataDir, domain)) return (layout.TargetFolder(domain), []);

        await new ArtifactFetcher(layout, progress: progress).FetchAllAsync(ArtifactCatalog.All, strict: false, ct);
        progress?.Report("building pools and targets");
        var statistics = await new DatasetBuilder(layout, new BuildOptions()).BuildAsync(progress, ct);
        return (layout.TargetFolder(domain), statistics.Skipped);
    }
}
