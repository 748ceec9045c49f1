using System.Collections.Concurrent;
using System.Text.Json;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Selection;

namespace OrleansSelect.Core.Scoring;

/// <summary>
/// A method written with its own types: <typeparamref name="TArtifact"/> is what prepare makes,
/// <typeparamref name="TStatistics"/> what shards collect and merge. This base turns them into
/// the JSON that crosses grains and keeps each artifact deserialised once per silo (by its hash).
/// A method overrides only the phases it has.
/// </summary>
public abstract class SelectionMethod<TArtifact, TStatistics> : ISelectionMethod
    where TArtifact : class
    where TStatistics : class, IMergeable<TStatistics>, new()
{
    private readonly ConcurrentDictionary<string, TArtifact> _artifacts = new(StringComparer.Ordinal);

    public abstract string Name { get; }

    public virtual string? Embedder => null;

    public abstract string Description { get; }

    public virtual string Settings => "";

    public abstract bool UsesSeed { get; }

    public virtual bool NeedsPrepare => false;

    public virtual bool NeedsSelector => false;

    public virtual PrepareCharge PrepareCharge => PrepareCharge.Selection;

    public virtual bool NeedsGlobalStatistics => false;

    public virtual double EstimatePrepareFlops(TargetTask target, long referenceTokens, SelectorModel? selector) => 0.0;

    public virtual string ScoringName => Name;

    public virtual ISelectionMethod WithSettings(MethodSettings settings)
    {
        settings.RequireOnly(Name, []);
        return this;
    }

    public virtual double EstimateRemainingPrepareFlops(TargetTask target, long referenceTokens, SelectorModel? selector, string workDirectory) =>
        EstimatePrepareFlops(target, referenceTokens, selector);

    public virtual IReadOnlyList<ScoredExample>? TrainingOrder(IReadOnlyList<ScoredExample> ranked, int seed) => null;

    public virtual double PoolSampleFraction => 0.0;

    public virtual double EstimatePoolSampleFlops(int sampleExamples, long sampleTokens, SelectorModel? selector, string? workDirectory) => 0.0;

    protected virtual TArtifact PrepareArtifact(TargetTask target, PrepareContext context) =>
        throw new InvalidOperationException($"{Name} has no prepare phase.");

    protected virtual TStatistics Collect(IReadOnlyList<PoolExample> shard, TargetTask target, CancellationToken cancellation) => new();

    public abstract double EstimateScoringFlops(ScoringWorkload workload, TargetTask target);

    /// <summary>Scores with the artifact and statistics already deserialised (null for a phase the method lacks).</summary>
    protected abstract IReadOnlyList<double> Score(
        IReadOnlyList<PoolExample> shard, TargetTask target, TArtifact? artifact, TStatistics? global, int seed,
        SelectorModel? selector, ScoringProgress progress, CancellationToken cancellation);

    public byte[] Prepare(TargetTask target, PrepareContext context) =>
        JsonSerializer.SerializeToUtf8Bytes(PrepareArtifact(target, context));

    public string CollectStatistics(IReadOnlyList<PoolExample> shard, TargetTask target, CancellationToken cancellation) =>
        JsonSerializer.Serialize(Collect(shard, target, cancellation));

    public string MergeStatistics(IEnumerable<string> parts)
    {
        // The first part is the start, not an empty object: its shape (DSIR's bucket count) is the method's setting.
        TStatistics? total = null;
        foreach (var part in parts)
        {
            var statistics = ReadStatistics(part);
            if (total is null) total = statistics;
            else total.Merge(statistics);
        }
        return JsonSerializer.Serialize(total ?? new TStatistics());
    }

    public IReadOnlyList<double> Score(ShardScoringInput input, IProgress<double> flopsDone, CancellationToken cancellation)
    {
        var artifact = input.Prepared is { } prepared ? ReadArtifact(prepared) : null;
        var global = input.GlobalStatistics is { } json ? ReadStatistics(json) : null;
        return Score(input.Examples, input.Target, artifact, global, input.Seed, input.Selector,
            new ScoringProgress(flopsDone, input.EstimatedFlops, input.Examples.Count), cancellation);
    }

    private static TStatistics ReadStatistics(string json) =>
        JsonSerializer.Deserialize<TStatistics>(json) ?? throw new InvalidDataException("global statistics were null.");

    private TArtifact ReadArtifact(PreparedArtifact prepared)
    {
        if (_artifacts.TryGetValue(prepared.ContentHash, out var cached))
            return cached;
        var artifact = JsonSerializer.Deserialize<TArtifact>(prepared.Content)
            ?? throw new InvalidDataException($"{Name}'s prepared artifact {prepared.ContentHash} is empty.");
        if (_artifacts.Count >= 8)
            _artifacts.Clear(); // a few targets at a time; an evicted artifact is read again from its file
        _artifacts[prepared.ContentHash] = artifact;
        return artifact;
    }
}
