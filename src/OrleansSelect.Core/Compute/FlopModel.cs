namespace OrleansSelect.Core.Compute;

/// <summary>
/// The one place FLOPs are counted. Every charge to a budget comes from here, for the tokens
/// actually processed (padding included: it was computed).
/// One formula underlies everything: a forward pass costs 2 FLOPs per parameter per token (a
/// multiply and an add), and a training step costs three forwards (forward, then backward at twice
/// the forward). A LoRA backward skips the frozen weights' gradients, but we still charge the full
/// 3x: spent compute is never under-counted.
/// Two ways to give the parameters, one formula:
/// - plain: N as a number (the paper's 6·N·D and 2·N·D; selectors we only know by size);
/// - model shape (the project's own models): N is <see cref="ForwardEquivalentParameters"/>, the
///   blocks plus the output head (d·V) plus attention's 2·L·T·d (QKᵀ and the weighted sum over T
///   positions, computed densely even under a causal mask), T being the sequence length the batch
///   was actually run at.
/// </summary>
public static class FlopModel
{
    /// <summary>A multiply and an add per parameter per token.</summary>
    public static double ForwardFlopsPerToken(double parameters) => 2.0 * parameters;

    public static double TrainFlopsPerToken(double parameters) => 3.0 * ForwardFlopsPerToken(parameters);

    public static double ForwardFlops(double parameters, double tokens) => tokens * ForwardFlopsPerToken(parameters);

    public static double TrainFlops(double parameters, double tokens) => tokens * TrainFlopsPerToken(parameters);

    /// <summary>
    /// The N a model shape counts as in the plain formula at sequence length T: the blocks, the
    /// output head's d·V matmul, and attention's 2·L·T·d multiply-adds per token.
    /// </summary>
    public static double ForwardEquivalentParameters(ModelShape shape, int contextLength) =>
        HiddenStateEquivalentParameters(shape, contextLength) + (double)shape.DModel * shape.VocabSize;

    /// <summary>
    /// The same N without the output head: a pass that stops at the last hidden states (an
    /// embedding) never computes the d·V matmul, so it is not charged for it.
    /// </summary>
    public static double HiddenStateEquivalentParameters(ModelShape shape, int contextLength) =>
        shape.NonEmbeddingParameters + 2.0 * shape.Layers * contextLength * shape.DModel;

    public static double ForwardFlopsPerToken(ModelShape shape, int contextLength) =>
        ForwardFlopsPerToken(ForwardEquivalentParameters(shape, contextLength));

    public static double TrainFlopsPerToken(ModelShape shape, int contextLength) =>
        TrainFlopsPerToken(ForwardEquivalentParameters(shape, contextLength));

    public static double ForwardFlops(ModelShape shape, long tokens, int contextLength) =>
        ForwardFlops(ForwardEquivalentParameters(shape, contextLength), tokens);

    public static double TrainFlops(ModelShape shape, long tokens, int contextLength) =>
        TrainFlops(ForwardEquivalentParameters(shape, contextLength), tokens);

    /// <summary>
    /// Gradient features for the gradient (LESS) method at one checkpoint: one forward+backward per
    /// example over its tokens (charged as training), then a dense random projection of the
    /// example's <paramref name="gradientDimension"/>-long gradient to
    /// <paramref name="projectionDimension"/> dimensions.
    /// </summary>
    public static double GradientFeatureFlops(double parameters, double tokens, long examples, long gradientDimension, int projectionDimension) =>
        TrainFlops(parameters, tokens) + ProjectionFlops(examples, gradientDimension, projectionDimension);

    public static double GradientFeatureFlops(
        ModelShape shape, long tokens, int contextLength, long examples, long gradientDimension, int projectionDimension) =>
        GradientFeatureFlops(ForwardEquivalentParameters(shape, contextLength), tokens, examples, gradientDimension, projectionDimension);

    /// <summary>Random projection alone: a multiply and an add per matrix entry, 2·P·k per example.</summary>
    public static double ProjectionFlops(long examples, long gradientDimension, int projectionDimension) =>
        2.0 * examples * gradientDimension * projectionDimension;

    /// <summary>
    /// LESS's warmup: training on a random <paramref name="warmupFraction"/> of the pool for
    /// <paramref name="epochs"/> epochs (one checkpoint saved per epoch).
    /// </summary>
    public static double WarmupTrainFlops(double parameters, double poolTokens, double warmupFraction, int epochs) =>
        TrainFlops(parameters, warmupFraction * poolTokens * epochs);

    /// <summary>
    /// Sentence embedding: one encoder forward per token, 2·N_embedder. N_embedder counts every
    /// weight of the encoder, the token-embedding table included, although a lookup is not a
    /// matmul: it over-counts a little rather than under-count.
    /// </summary>
    public static double EmbeddingFlops(double embedderParameters, double tokens) => ForwardFlops(embedderParameters, tokens);

    /// <summary>
    /// BM25 as an operation count per pool token: normalising and splitting read each of about
    /// <see cref="CharsPerToken"/> characters twice at <see cref="OpsPerChar"/> operations; the
    /// per-document score is a few operations per query term and negligible per token.
    /// </summary>
    public const double Bm25OpsPerToken = 2 * OpsPerChar * CharsPerToken;

    /// <summary>
    /// DSIR as an operation count per pool token: two passes (counting the pool, then weighting
    /// it), each normalising and splitting (as BM25) and hashing a unigram and a bigram
    /// (FNV-1a: 2 operations per character, over about 3·<see cref="CharsPerToken"/> characters);
    /// the weighting pass adds two log-ratio look-ups and adds (4 operations).
    /// </summary>
    public const double DsirOpsPerToken = 2 * (Bm25OpsPerToken + 2 * 3 * CharsPerToken) + 4;

    /// <summary>Characters per model token assumed by the lexical methods' counts (English text).</summary>
    public const double CharsPerToken = 4.0;

    /// <summary>Operations per character to read, classify and lowercase it.</summary>
    public const double OpsPerChar = 5.0;

    public static double Bm25Flops(double poolTokens) => Bm25OpsPerToken * poolTokens;

    /// <summary>Per document per distinct query term: add, multiply, divide, multiply by weight·idf, accumulate.</summary>
    public const double Bm25OpsPerDocumentTerm = 5.0;

    /// <summary>Per document: the length normalisation k1·(1 − b + b·|d|/avgdl).</summary>
    public const double Bm25OpsPerDocument = 4.0;

    /// <summary>
    /// BM25 on a real workload: the per-token tokenising of <see cref="Bm25Flops(double)"/>, a few
    /// operations per document per distinct query term, and tokenising the reference examples once.
    /// </summary>
    public static double Bm25Flops(double poolTokens, long poolExamples, int queryTerms, long referenceChars) =>
        Bm25Flops(poolTokens)
        + poolExamples * (Bm25OpsPerDocument + Bm25OpsPerDocumentTerm * queryTerms)
        + OpsPerChar * referenceChars;

    public static double DsirFlops(double poolTokens) => DsirOpsPerToken * poolTokens;
}
