using OrleansSelect.Core.Data.Artifacts;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Core.Data.Sources;

namespace OrleansSelect.Core.Data.Build;

/// <summary>
/// `data build`: reads every extracted source once, then for each target domain splits its
/// reference and test sets and writes a pool of all other sources plus the other sentiment
/// domains, with leaks removed. Output depends only on the sources and the options.
/// </summary>
public sealed class DatasetBuilder(DataLayout layout, BuildOptions options)
{
    /// <summary>The pool sources, in the order that decides which copy of a cross-source duplicate is kept.</summary>
    public static IReadOnlyList<IPoolSource> PoolSources { get; } =
    [
        new BrownCorpusSource(), new SpamAssassinSource(), new SotuSource(), new MobyDickSource(),
        new FortunesSource(), new WordNetSource(), new BsdQuizSource(),
    ];

    public async Task<BuildStatistics> BuildAsync(IProgress<string>? progress, CancellationToken ct)
    {
        var targets = options.Targets.Select(SentimentFormat.RequireDomain).Distinct().ToList();
        var drops = new DropLog(options.Strict, relativeTo: layout.Root);
        var context = new SourceContext(drops, options.MaxExampleBytes);

        var skipped = PoolSources.Select(Unfetched).OfType<SkippedSource>().ToList();
        foreach (var k in skipped) progress?.Report($"skipped {k.Source}: {k.Reason}");

        // Sources are independent, so they are parsed side by side; merging below is in list order.
        var reads = PoolSources.Where(source => skipped.All(k => k.Source != source.Name)).Select(source => Task.Run(() =>
        {
            ct.ThrowIfCancellationRequested();
            var examples = source.Read(layout.SourceFolder(source.Package), context).ToList();
            progress?.Report($"read {source.Name}: {examples.Count:N0} examples");
            return examples;
        }, ct)).ToList();
        var perSource = await Task.WhenAll(reads);

        var sentiment = new SentimentSource();
        var domains = new Dictionary<string, List<PoolExample>>();
        foreach (var domain in SentimentFormat.Domains)
        {
            domains[domain] = Deduplicate(
                sentiment.ReadDomain(layout.SourceFolder(SentimentSource.Package), domain, context), drops);
            progress?.Report($"read {domain}: {domains[domain].Count:N0} examples");
        }

        var pooled = Deduplicate(perSource.SelectMany(list => list), drops);
        var sourceCounts = BuildStatistics.Count(pooled.Concat(domains.Values.SelectMany(d => d)));

        var targetCounts = new List<TargetCount>();
        foreach (var target in targets)
        {
            ct.ThrowIfCancellationRequested();
            targetCounts.Add(BuildTarget(target, pooled, domains, drops));
            progress?.Report($"built target {target}");
        }

        var statistics = new BuildStatistics(options.Seed, sourceCounts, targetCounts, BuildStatistics.From(drops), skipped);
        statistics.Save(layout.StatsJson, layout.StatsMarkdown);
        return statistics;
    }

    /// <summary>
    /// A source whose package was not fetched is left out, unless the build is strict or the package
    /// is one every machine can fetch (then the folder is missing by mistake: its reader says so).
    /// </summary>
    private SkippedSource? Unfetched(IPoolSource source)
    {
        var artifact = ArtifactCatalog.ByFolder(source.Package);
        if (Directory.Exists(layout.SourceFolder(source.Package)) || !artifact.Optional) return null;
        if (options.Strict)
            throw new UserInputException(
                $"Source '{source.Name}' needs package {artifact.Display}, which is not fetched; run 'orleansselect data fetch --strict' " +
                "to fetch it or see why it cannot be, or build without --strict to leave it out.");
        return new SkippedSource(source.Name, artifact.Display,
            $"package {artifact.Display} was not fetched (a Debian 12 package this machine's apt does not have)");
    }

    private TargetCount BuildTarget(string target, List<PoolExample> pooled,
        Dictionary<string, List<PoolExample>> domains, DropLog drops)
    {
        var (reference, test) = TargetSplit.Split(target, domains[target], SentimentFormat.Labels,
            options.ReferenceSize, options.TestSize, options.Seed);
        var leaks = new LeakFilter(reference.Concat(test));
        var candidates = pooled.Concat(domains.Where(d => d.Key != target).SelectMany(d => d.Value));
        var (pool, leaksRemoved) = PoolBuilder.Build(target, candidates, leaks, drops);

        var directory = layout.TargetFolder(target);
        Directory.CreateDirectory(directory);
        // target.json is written last and removed first, so its presence means the target is complete.
        File.Delete(Path.Combine(directory, TargetManifest.FileName));
        var (poolCount, poolBytes) = PoolJsonl.Write(Path.Combine(directory, TargetTaskStore.PoolFile), pool);
        var manifest = new TargetManifest(target, SentimentFormat.Task, SentimentFormat.Labels, options.Seed,
            reference.Count, test.Count, poolCount, poolBytes);
        TargetTaskStore.Save(directory, new TargetTask(target, reference, test, SentimentFormat.Labels), manifest);
        return new TargetCount(target, poolCount, poolBytes, reference.Count, test.Count, leaksRemoved,
            ArchiveExtractor.Sha256Of(Path.Combine(directory, TargetTaskStore.PoolFile)));
    }

    private static List<PoolExample> Deduplicate(IEnumerable<PoolExample> examples, DropLog drops)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<PoolExample>();
        foreach (var example in examples)
        {
            if (ids.Add(example.Id)) kept.Add(example);
            else drops.Skip(example.Source, DropReasons.Duplicate, example.Id);
        }
        return kept;
    }
}
