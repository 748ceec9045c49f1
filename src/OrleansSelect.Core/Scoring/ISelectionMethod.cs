using OrleansSelect.Core.Data;
using OrleansSelect.Core.Selection;

namespace OrleansSelect.Core.Scoring;

/// <summary>
/// A selection method: scores pool examples against a target (higher = select first), in up to
/// three phases that the grains run where the data is:
/// 1. prepare, once per (method, settings, selector, target): what every shard scores with (a
///    target distribution, reference embeddings, later a finetuned selector), persisted as an
///    artifact named by its content hash;
/// 2. global statistics: each shard collects its part, the parts are merged (exactly, whatever
///    their order), and every shard scores with the merge;
/// 3. shard scoring on the silo that owns the shard, reporting the FLOPs done as it goes.
/// A score depends only on the example, the target, the artifact, the statistics and the seed,
/// never on which shard the example is in. Payloads cross grains as JSON, so a method's own types
/// need no Orleans attributes. Adding a method = one class (usually a
/// <see cref="SelectionMethod{TPrepared,TStatistics}"/>) + its registration in the silo's services.
/// </summary>
public interface ISelectionMethod
{
    /// <summary>The method's name as users type it ("random", "bm25").</summary>
    string Name { get; }

    /// <summary>The embedder this variant uses ("minilm"), or null for a method without one.</summary>
    string? Embedder { get; }

    /// <summary>One line for `select --help`: what it computes, with its defaults.</summary>
    string Description { get; }

    /// <summary>Every setting that changes a score, canonically written: part of every cache key.</summary>
    string Settings { get; }

    /// <summary>False when scores ignore the seed: one scoring then serves every seed.</summary>
    bool UsesSeed { get; }

    bool NeedsPrepare { get; }

    /// <summary>True for a method that scores with a selector model of the family (perplexity, gradient): `--selector SIZE`.</summary>
    bool NeedsSelector { get; }

    /// <summary>How prepare is charged: model training (a finetune, a warmup) is charged as training.</summary>
    PrepareCharge PrepareCharge { get; }

    bool NeedsGlobalStatistics { get; }

    /// <summary>
    /// The share of the pool prepare trains on (LESS's warmup), or 0 when prepare needs no pool:
    /// the selection then draws that seeded sample from every shard (<see cref="PoolSample"/>) and
    /// hands it to prepare in <see cref="PrepareContext.PoolSample"/>.
    /// </summary>
    double PoolSampleFraction { get; }

    /// <summary>FLOPs prepare spends on its pool sample of <paramref name="sampleExamples"/> examples and <paramref name="sampleTokens"/> tokens under the selector's tokenizer, beyond <see cref="EstimatePrepareFlops"/>; a prepare resumed from its <paramref name="workDirectory"/> counts only what is left.</summary>
    double EstimatePoolSampleFlops(int sampleExamples, long sampleTokens, SelectorModel? selector, string? workDirectory);

    /// <summary>FLOPs of prepare, from the reference examples' token count under the selector's tokenizer (null selector: the training size's).</summary>
    double EstimatePrepareFlops(TargetTask target, long referenceTokens, SelectorModel? selector);

    /// <summary>Runs prepare; the bytes are the artifact every shard receives.</summary>
    byte[] Prepare(TargetTask target, PrepareContext context);

    /// <summary>This shard's part of the global statistics, serialised.</summary>
    string CollectStatistics(IReadOnlyList<PoolExample> shard, TargetTask target, CancellationToken cancellation);

    /// <summary>The statistics of the union of disjoint shards.</summary>
    string MergeStatistics(IEnumerable<string> parts);

    /// <summary>FLOPs of scoring this workload (and of collecting its statistics, which the scoring charge covers).</summary>
    double EstimateScoringFlops(ScoringWorkload workload, TargetTask target);

    /// <summary>One score per example of the shard, in order; reports the FLOPs done so far as it goes.</summary>
    IReadOnlyList<double> Score(ShardScoringInput input, IProgress<double> flopsDone, CancellationToken cancellation);

    /// <summary>
    /// The name its scores and prepared artifact are cached under: a variant that selects the same
    /// examples and only orders them differently (perplexity-mid) shares them with its method.
    /// </summary>
    string ScoringName => Name;

    /// <summary>
    /// This method with the settings a user gave, each checked with one sentence before anything is
    /// reserved: itself when there are none. A method that reads no settings refuses any.
    /// </summary>
    ISelectionMethod WithSettings(MethodSettings settings)
    {
        settings.RequireOnly(Name, []);
        return this;
    }

    /// <summary>
    /// What prepare still costs when <paramref name="workDirectory"/> holds what an interrupted
    /// attempt left (a method that resumes from its checkpoints charges only the rest).
    /// </summary>
    double EstimateRemainingPrepareFlops(TargetTask target, long referenceTokens, SelectorModel? selector, string workDirectory) =>
        EstimatePrepareFlops(target, referenceTokens, selector);

    /// <summary>
    /// The order to train the selected examples in, given them best first; null for a method whose
    /// selection is a set (the trainer then shuffles it every epoch with the run's seed).
    /// </summary>
    IReadOnlyList<ScoredExample>? TrainingOrder(IReadOnlyList<ScoredExample> ranked, int seed) => null;
}

/// <summary>The budget category a method's prepare phase is charged to.</summary>
public enum PrepareCharge
{
    Selection,

    /// <summary>Prepare trains a model (perplexity's finetune, LESS's warmup): charged as training.</summary>
    Training,
}
