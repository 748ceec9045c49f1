namespace OrleansSelect.Models.Pretraining;

/// <summary>
/// How a base model is pretrained: tokens to train on, batch (rows of the context length), peak
/// learning rate, seed. Everything here is part of the checkpoint's cache key.
/// </summary>
public sealed record PretrainingRecipe(long Tokens, int BatchSize, double PeakLearningRate, int Seed = 0)
{
    /// <summary>
    /// Defaults per size, sized so that pretraining the whole family takes well under an hour of
    /// this 2-core machine in bf16 (about 5k training tokens/s for "large").
    /// </summary>
    public static PretrainingRecipe For(string sizeName) => sizeName switch
    {
        "test" => new(20_000, 4, 3e-3),
        "nano" => new(2_000_000, 16, 3e-3),
        "micro" => new(3_000_000, 16, 2e-3),
        "small" => new(4_000_000, 16, 1e-3),
        _ => new(4_000_000, 16, 6e-4),
    };
}
