using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Build;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Core.IO;
using OrleansSelect.Core.Tests.Data;

namespace OrleansSelect.Core.Tests.IO;

/// <summary>Files later runs read are replaced whole or not at all, and writers never share a temporary file.</summary>
public class AtomicFileTests
{
    private static PoolExample Example(int i) => ExampleIds.Create($"prompt {i}", $" response {i}", "toy", "t");

    [Fact]
    public void A_write_that_fails_halfway_leaves_the_old_file_and_no_temporary_file()
    {
        using var temp = new TempFolder();
        var path = temp.File("stats.json", "old");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("new, half"u8);
            throw new IOException("disk full");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Two_writers_of_the_same_pool_file_at_once_do_not_collide_and_the_last_commit_wins()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("pool.jsonl");

        using var first = new PoolJsonlWriter(path);
        using var second = new PoolJsonlWriter(path);
        first.Write(Example(1));
        second.Write(Example(2));
        second.Write(Example(3));
        first.Complete();
        second.Complete();

        Assert.Equal([Example(2).Id, Example(3).Id], PoolJsonl.Read(path).Select(e => e.Id));
        Assert.Equal([path], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void A_manifest_rewrite_never_changes_the_file_a_reader_already_opened()
    {
        // Written in place, the old bytes are truncated under the reader; replaced by rename, the
        // reader keeps a whole old file and the next open sees a whole new one.
        using var temp = new TempFolder();
        var manifest = new TargetManifest("yelp", "sentiment", [" negative", " positive"], 42, 32, 400, 1000, 123456);
        manifest.Save(temp.Path);
        var path = Path.Combine(temp.Path, TargetManifest.FileName);
        var before = File.ReadAllText(path);
        using var reader = new StreamReader(path);

        (manifest with { PoolCount = 7 }).Save(temp.Path);

        Assert.Equal(before, reader.ReadToEnd());
        Assert.Equal(7, TargetManifest.Load(temp.Path).PoolCount);
    }

    [Fact]
    public void Build_statistics_are_replaced_whole()
    {
        using var temp = new TempFolder();
        var layout = new DataLayout(temp.Path);
        var statistics = new BuildStatistics(42, [new SourceTaskCount("brown", "brown_genre", 10, 100)], [], [], []);
        statistics.Save(layout.StatsJson, layout.StatsMarkdown);
        var before = File.ReadAllText(layout.StatsJson);
        using var reader = new StreamReader(layout.StatsJson);

        (statistics with { Seed = 7 }).Save(layout.StatsJson, layout.StatsMarkdown);

        Assert.Equal(before, reader.ReadToEnd());
        Assert.Equal(7, BuildStatistics.Load(layout.StatsJson).Seed);
        Assert.Equal(2, Directory.GetFiles(layout.Built).Length);
    }
}
