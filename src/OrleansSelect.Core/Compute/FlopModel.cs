namespace OrleansSelect.Core.Compute;

/// <summary>
/// The one place FLOPs are counted. Every charge to a budget comes from here, for the tokens
/// actually processed (padding included: it was computed).
/// Forward per token: 2·N for the blocks, 2·d·V for the output head, and 4·L·T·d for attention
/// (QKᵀ and the weighted sum over T positions, computed densely even under a causal mask), where
/// T is the sequence length the batch was actually run at.
/// A training step costs three forwards (forward, then backward at twice the forward). A LoRA
/// backward skips the frozen weights' gradients, but we still charge the full 3x: spent compute is
/// never under-counted.
/// </summary>
public static class FlopModel
{
    public static double ForwardFlopsPerToken(ModelShape shape, int contextLength)
    {
        double blocks = 2.0 * shape.NonEmbeddingParameters;
        double head = 2.0 * shape.DModel * shape.VocabSize;
        double attention = 4.0 * shape.Layers * contextLength * shape.DModel;
        return blocks + head + attention;
    }

    public static double TrainFlopsPerToken(ModelShape shape, int contextLength) =>
        3.0 * ForwardFlopsPerToken(shape, contextLength);

    public static double ForwardFlops(ModelShape shape, long tokens, int contextLength) =>
        tokens * ForwardFlopsPerToken(shape, contextLength);

    public static double TrainFlops(ModelShape shape, long tokens, int contextLength) =>
        tokens * TrainFlopsPerToken(shape, contextLength);

    /// <summary>
    /// Gradient features for the gradient (LESS) method: one forward+backward per example over its
    /// tokens (charged as training), then a dense random projection of the example's
    /// <paramref name="gradientDimension"/>-long gradient to <paramref name="projectionDimension"/>
    /// dimensions (a multiply and an add per matrix entry: 2·P·k per example).
    /// </summary>
    public static double GradientFeatureFlops(
        ModelShape shape, long tokens, int contextLength, long examples, long gradientDimension, int projectionDimension) =>
        TrainFlops(shape, tokens, contextLength) + ProjectionFlops(examples, gradientDimension, projectionDimension);

    /// <summary>Random projection alone: 2·P·k per example.</summary>
    public static double ProjectionFlops(long examples, long gradientDimension, int projectionDimension) =>
        2.0 * examples * gradientDimension * projectionDimension;

    /// <summary>The paper's headline approximation, 6·N per training token, for comparison in reports.</summary>
    public static double PaperTrainFlops(long parameters, long tokens) => 6.0 * parameters * tokens;

    /// <summary>The paper's scoring approximation, 2·N per token for a forward pass.</summary>
    public static double PaperForwardFlops(long parameters, long tokens) => 2.0 * parameters * tokens;
}
