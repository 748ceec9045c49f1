using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using OrleansSelect.Core.Data.Artifacts;
using OrleansSelect.Core.Data.Build;

namespace OrleansSelect.Core.Tests.Data;

/// <summary>Checksums and extraction on a small tarball the test makes; no registry is contacted.</summary>
public class ArtifactFetcherTests
{
    private static byte[] TarGz(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (name, content) in entries)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                };
                tar.WriteEntry(entry);
            }
        }
        return buffer.ToArray();
    }

    private static (TempFolder Temp, DataLayout Layout, Artifact Artifact) Setup(byte[] archive, string? sha = null,
        IReadOnlyList<string>? prefixes = null)
    {
        var temp = new TempFolder();
        var layout = new DataLayout(temp.Path);
        var path = temp.Bytes("downloads/toy-1.0.0.tgz", archive);
        var artifact = new Artifact("toy", "1.0.0", ArtifactKind.Npm, "toy-1.0.0.tgz",
            sha ?? ArchiveExtractor.Sha256Of(path), "toy", prefixes);
        return (temp, layout, artifact);
    }

    [Fact]
    public async Task A_verified_artifact_is_extracted_and_a_second_fetch_does_nothing()
    {
        var (temp, layout, artifact) = Setup(TarGz(("package/data/a.txt", "alpha"), ("package/README", "r")));
        using var _ = temp;
        var fetcher = new ArtifactFetcher(layout);

        var first = await fetcher.FetchAsync(artifact, CancellationToken.None);
        var second = await fetcher.FetchAsync(artifact, CancellationToken.None);

        Assert.True(first.Extracted);
        Assert.False(first.Downloaded);
        Assert.True(second.AlreadyPresent);
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(layout.SourceFolder("toy"), "package", "data", "a.txt")));
        Assert.True(fetcher.IsExtracted(artifact));
    }

    [Fact]
    public async Task A_corrupted_artifact_fails_its_checksum_and_is_not_extracted()
    {
        var (temp, layout, artifact) = Setup(TarGz(("package/a.txt", "alpha")), sha: new string('0', 64));
        using var _ = temp;

        var error = await Assert.ThrowsAsync<ArtifactChecksumException>(() =>
            new ArtifactFetcher(layout).FetchAsync(artifact, CancellationToken.None));

        Assert.Contains("toy@1.0.0", error.Message);
        Assert.Contains(new string('0', 64), error.Message);
        Assert.Contains("not extracted", error.Message);
        Assert.False(Directory.Exists(layout.SourceFolder("toy")));
    }

    [Fact]
    public async Task A_truncated_artifact_fails_its_checksum()
    {
        var archive = TarGz(("package/a.txt", new string('a', 5000)));
        var (temp, layout, artifact) = Setup(archive);
        using var _ = temp;
        File.WriteAllBytes(Path.Combine(layout.Downloads, artifact.FileName), archive[..(archive.Length / 2)]);

        await Assert.ThrowsAsync<ArtifactChecksumException>(() => new ArtifactFetcher(layout).FetchAsync(artifact, CancellationToken.None));
        Assert.False(Directory.Exists(layout.SourceFolder("toy")));
    }

    [Fact]
    public async Task A_changed_artifact_is_extracted_again()
    {
        var (temp, layout, artifact) = Setup(TarGz(("package/a.txt", "old")));
        using var _ = temp;
        var fetcher = new ArtifactFetcher(layout);
        await fetcher.FetchAsync(artifact, CancellationToken.None);
        var path = temp.Bytes("downloads/toy-1.0.0.tgz", TarGz(("package/a.txt", "new")));
        var updated = artifact with { Sha256 = ArchiveExtractor.Sha256Of(path) };

        var outcome = await fetcher.FetchAsync(updated, CancellationToken.None);

        Assert.True(outcome.Extracted);
        Assert.Equal("new", File.ReadAllText(Path.Combine(layout.SourceFolder("toy"), "package", "a.txt")));
    }

    [Fact]
    public async Task Only_entries_under_the_prefixes_are_extracted()
    {
        var (temp, layout, artifact) = Setup(TarGz(("package/keep/a.txt", "a"), ("package/img/b.png", "b")), prefixes: ["package/keep/"]);
        using var _ = temp;

        await new ArtifactFetcher(layout).FetchAsync(artifact, CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(layout.SourceFolder("toy"), "package", "keep", "a.txt")));
        Assert.False(Directory.Exists(Path.Combine(layout.SourceFolder("toy"), "package", "img")));
    }

    [Fact]
    public void Entries_that_escape_the_destination_are_refused()
    {
        using var temp = new TempFolder();
        var archive = temp.Bytes("evil.tgz", TarGz(("../outside.txt", "x")));

        var error = Assert.Throws<UserInputException>(() => ArchiveExtractor.ExtractTarGz(archive, temp.Combine("out"), null));

        Assert.Contains("outside", error.Message);
        Assert.False(File.Exists(temp.Combine("outside.txt")));
    }

    [Fact]
    public async Task A_missing_package_client_is_named_with_what_to_install()
    {
        var error = await Assert.ThrowsAsync<MissingToolException>(() =>
            ChildProcess.Instance.RunAsync("orleansselect-no-such-client", ["pack"], null, "install Node.js's npm", CancellationToken.None));

        Assert.Contains("'orleansselect-no-such-client' could not be started", error.Message);
        Assert.Contains("install Node.js's npm", error.Message);
    }

    [Fact]
    public void The_catalog_pins_every_artifact_with_a_sha256_and_distinct_folders()
    {
        Assert.All(ArtifactCatalog.All, a => Assert.Matches("^[0-9a-f]{64}$", a.Sha256));
        Assert.Equal(ArtifactCatalog.All.Count, ArtifactCatalog.All.Select(a => a.Folder).Distinct().Count());
        var packages = OrleansSelect.Core.Data.Build.DatasetBuilder.PoolSources.Select(s => s.Package)
            .Append(OrleansSelect.Core.Data.Sources.SentimentSource.Package);
        Assert.All(packages, p => Assert.Equal(p, ArtifactCatalog.ByFolder(p).Folder));
    }
}
