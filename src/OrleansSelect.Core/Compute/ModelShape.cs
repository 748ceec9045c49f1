namespace OrleansSelect.Core.Compute;

/// <summary>
/// The shape of a GPT-style decoder: all the FLOP model needs to know about a model.
/// Parameter counts follow Kaplan et al.: N counts the transformer blocks only (the model has no
/// biases; the layer norms' 2·d per layer are left out as negligible); the token and position
/// embeddings are counted apart, and the output head is tied to the token embedding (its matmul
/// is charged separately by <see cref="FlopModel"/>).
/// </summary>
public sealed record ModelShape(string Name, int Layers, int Heads, int DModel, int VocabSize, int ContextLength)
{
    /// <summary>Attention (4·d²: query, key, value, output) and a 4x MLP (8·d²) per layer.</summary>
    public long NonEmbeddingParameters => 12L * Layers * DModel * DModel;

    /// <summary>Token embedding (shared with the output head) plus learned positions.</summary>
    public long EmbeddingParameters => (long)VocabSize * DModel + (long)ContextLength * DModel;

    /// <summary>
    /// LoRA adapter parameters: rank-r adapters (A: r×in, B: out×r) on the fused query/key/value
    /// projection (d → 3d: 4·d·r) and the attention output projection (d → d: 2·d·r) of each layer.
    /// </summary>
    public long LoraParameters(int rank) => 6L * Layers * DModel * rank;
}
