using OrleansSelect.Core;
using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Scoring;

namespace OrleansSelect.Models.Embedding;

/// <summary>
/// embed: each pool example's cosine similarity to each reference example, averaged over the
/// reference examples. Prepare embeds the reference examples; a shard embeds its own examples and
/// scores them against those. Embeddings are unit length, so the mean cosine is the dot product
/// with the mean reference embedding. Costs 2·N_embedder per token the embedder computes, counted
/// under its own tokenizer, padding included.
/// One instance per embedder; the model loads on first use and is shared by every shard of the silo.
/// </summary>
public sealed class EmbedMethod : SelectionMethod<ReferenceEmbeddings, NoStatistics>
{
    public const string MiniLm = "minilm";

    /// <summary>Texts embedded per piece of work: the unit of progress, and of batching, so the estimate counts the same padding.</summary>
    public const int ChunkSize = 512;

    private readonly Lazy<SentenceEmbedder> _embedder;

    public EmbedMethod(string embedder)
    {
        if (embedder != MiniLm)
            throw new UserInputException($"unknown embedder '{embedder}'; known embedders: {MiniLm}.");
        Embedder = embedder;
        _embedder = new Lazy<SentenceEmbedder>(() => SentenceEmbedder.LoadMiniLm());
    }

    public override string Name => "embed";

    public override string Embedder { get; }

    public override string Description =>
        $"mean cosine similarity to the reference examples' sentence embeddings ({MiniLm}: all-MiniLM-L6-v2, " +
        $"{SentenceEmbedder.DefaultMaxTokens} tokens, batches of {SentenceEmbedder.DefaultBatchSize}; no seed)";

    public override string Settings => $"embedder={Embedder};max-tokens={SentenceEmbedder.DefaultMaxTokens};batch={SentenceEmbedder.DefaultBatchSize};chunk={ChunkSize}";

    public override bool UsesSeed => false;

    public override bool NeedsPrepare => true;

    /// <summary>The reference examples under the embedder's tokenizer; the selector's count does not apply.</summary>
    public override double EstimatePrepareFlops(TargetTask target, long referenceTokens, SelectorModel? selector) => Flops(target.Reference);

    protected override ReferenceEmbeddings PrepareArtifact(TargetTask target, PrepareContext context)
    {
        if (target.Reference.Count == 0)
            throw new UserInputException($"target '{target.Name}' has no reference examples; embed compares the pool with them.");
        var vectors = EmbedInChunks(target.Reference, context.FlopsDone.Report, context.Cancellation);
        return new ReferenceEmbeddings { Vectors = vectors };
    }

    /// <summary>Exact on a shard (its texts at hand); a plan made from counts alone uses the selector's tokens as the embedder's.</summary>
    public override double EstimateScoringFlops(ScoringWorkload workload, TargetTask target) =>
        workload.Texts is { } texts ? Flops(texts) : FlopModel.EmbeddingFlops(_embedder.Value.Parameters, workload.SelectorTokens);

    protected override IReadOnlyList<double> Score(
        IReadOnlyList<PoolExample> shard, TargetTask target, ReferenceEmbeddings? artifact, NoStatistics? global, int seed,
        SelectorModel? selector, ScoringProgress progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(artifact, "the reference embeddings (embed's prepared artifact)");
        var mean = artifact.Mean();
        var vectors = EmbedInChunks(shard, progress.FlopsDone, cancellation);
        return vectors.Select(v =>
        {
            var dot = 0.0;
            for (var d = 0; d < v.Length; d++)
                dot += v[d] * mean[d];
            return dot;
        }).ToArray();
    }

    private double Flops(IReadOnlyList<PoolExample> examples)
    {
        var embedder = _embedder.Value;
        return examples.Chunk(ChunkSize).Sum(chunk => embedder.FlopsFor(embedder.ProcessedTokens(chunk.Select(e => e.Text).ToList())));
    }

    private float[][] EmbedInChunks(IReadOnlyList<PoolExample> examples, Action<double> flopsDone, CancellationToken cancellation)
    {
        var embedder = _embedder.Value;
        var vectors = new List<float[]>(examples.Count);
        var flops = 0.0;
        foreach (var chunk in examples.Chunk(ChunkSize))
        {
            cancellation.ThrowIfCancellationRequested();
            var texts = chunk.Select(e => e.Text).ToList();
            vectors.AddRange(embedder.Embed(texts));
            flops += embedder.FlopsFor(embedder.ProcessedTokens(texts));
            flopsDone(flops);
        }
        return vectors.ToArray();
    }
}

/// <summary>embed's prepared artifact: one unit-length embedding per reference example.</summary>
public sealed class ReferenceEmbeddings
{
    public float[][] Vectors { get; set; } = [];

    /// <summary>The mean of the vectors, so a mean of cosines is one dot product.</summary>
    public double[] Mean()
    {
        var mean = new double[Vectors.Length == 0 ? 0 : Vectors[0].Length];
        foreach (var vector in Vectors)
            for (var d = 0; d < mean.Length; d++)
                mean[d] += vector[d];
        for (var d = 0; d < mean.Length; d++)
            mean[d] /= Vectors.Length;
        return mean;
    }
}
