using OrleansSelect.Core.Compute;

namespace OrleansSelect.Models;

/// <summary>Everything that fixes a model's weights' shapes, plus the LoRA rank (0 = no adapters).</summary>
public sealed record GptConfig(int Layers, int Heads, int DModel, int VocabSize, int ContextLength, int LoraRank = 0, double LoraAlpha = 16)
{
    public static GptConfig From(ModelShape shape, int loraRank = 0) =>
        new(shape.Layers, shape.Heads, shape.DModel, shape.VocabSize, shape.ContextLength, loraRank);
}
