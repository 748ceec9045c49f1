using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Models.Selectors;

namespace OrleansSelect.Models.Embedding;

/// <summary>
/// embed with the selector as embedder (--embedder selector): an example's embedding is the
/// pretrained selector's last hidden states, mean-pooled over its tokens (padding excluded) and
/// scaled to unit length; its score, as with minilm, the mean cosine to the reference examples'
/// embeddings. No finetune: the selector as pretrained. Costs 2·N_selector per token, N without the output head,
/// which an embedding never computes.
/// </summary>
public sealed class SelectorEmbedMethod(ComputeOptions compute) : SelectionMethod<ReferenceEmbeddings, NoStatistics>
{
    public const string Selector = "selector";

    public override string Name => "embed";

    public override string Embedder => Selector;

    public override string Description =>
        "mean cosine similarity to the reference examples' embeddings (selector: the pretrained selector's last hidden states, " +
        "mean-pooled; --selector SIZE; no seed)";

    public override string Settings => "embedder=selector;pooling=mean";

    public override bool UsesSeed => false;

    public override bool NeedsPrepare => true;

    public override bool NeedsSelector => true;

    /// <summary>The reference examples, counted under the selector's tokenizer.</summary>
    public override double EstimatePrepareFlops(TargetTask target, long referenceTokens, SelectorModel? selector)
    {
        RequireReference(target); // refused here, before prepare reserves anything
        return SelectorPasses.HiddenStateFlops(ModelCatalog.Get(Require(selector).Size), referenceTokens);
    }

    protected override ReferenceEmbeddings PrepareArtifact(TargetTask target, PrepareContext context)
    {
        RequireReference(target);
        return new ReferenceEmbeddings { Vectors = Embed(target.Reference, Require(context.Selector), context.FlopsDone.Report, context.Cancellation) };
    }

    public override double EstimateScoringFlops(ScoringWorkload workload, TargetTask target) =>
        SelectorPasses.HiddenStateFlops(ModelCatalog.Get(Require(workload.Selector).Size), workload.SelectorTokens);

    protected override IReadOnlyList<double> Score(
        IReadOnlyList<PoolExample> shard, TargetTask target, ReferenceEmbeddings? artifact, NoStatistics? global, int seed,
        SelectorModel? selector, ScoringProgress progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(artifact, "the reference embeddings (embed's prepared artifact)");
        var mean = artifact.Mean();
        return Embed(shard, Require(selector), progress.FlopsDone, cancellation).Select(v =>
        {
            var dot = 0.0;
            for (var d = 0; d < v.Length; d++)
                dot += v[d] * mean[d];
            return dot;
        }).ToArray();
    }

    private float[][] Embed(IReadOnlyList<PoolExample> examples, SelectorModel selector, Action<double> flopsDone, CancellationToken cancellation)
    {
        var model = SelectorModelCache.Get(selector.Size, selector.CheckpointPath, selector.CheckpointHash, compute);
        return SelectorPasses.MeanHiddenStates(model, ModelCatalog.Get(selector.Size), examples, TokenCounting.TokenizerFor(selector.Size),
            ModelFactory.DeviceFor(compute), Math.Max(1, compute.Threads), flopsDone, cancellation);
    }

    private static void RequireReference(TargetTask target)
    {
        if (target.Reference.Count == 0)
            throw new Core.UserInputException($"target '{target.Name}' has no reference examples; embed compares the pool with them.");
    }

    private static SelectorModel Require(SelectorModel? selector) =>
        selector ?? throw new InvalidOperationException("embed with the selector embedder needs a selector model, and none was given.");
}
