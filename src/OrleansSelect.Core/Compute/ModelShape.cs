namespace OrleansSelect.Core.Compute;

/// <summary>
/// The shape of a GPT-style decoder: all the FLOP model needs to know about a model.
/// Parameter counts follow Kaplan et al.: N counts the transformer blocks only; the token and
/// position embeddings are counted apart, and the output head is tied to the token embedding.
/// </summary>
public sealed record ModelShape(string Name, int Layers, int Heads, int DModel, int VocabSize, int ContextLength)
{
    /// <summary>Attention (4·d²) and a 4x MLP (8·d²) per layer; biases and norms are negligible and left out.</summary>
    public long NonEmbeddingParameters => 12L * Layers * DModel * DModel;

    /// <summary>Token embedding (shared with the output head) plus learned positions.</summary>
    public long EmbeddingParameters => (long)VocabSize * DModel + (long)ContextLength * DModel;
}
