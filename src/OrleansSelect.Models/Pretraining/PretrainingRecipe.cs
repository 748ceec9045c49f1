namespace OrleansSelect.Models.Pretraining;

/// <summary>
/// How a base model is pretrained: tokens to train on, batch (rows of the context length), peak
/// learning rate, seed. Everything here is part of the checkpoint's cache key.
/// </summary>
public sealed record PretrainingRecipe(long Tokens, int BatchSize, double PeakLearningRate, int Seed = 0)
{
    /// <summary>
    /// Defaults per size, in tokens of the family's BPE (about 3.6 bytes each on the general corpus),
    /// sized for this shared 2-core machine in bf16: "nano" in about 5 minutes when it is quiet, the
    /// larger ones in tens of minutes to hours (see the closing note of issue 4).
    /// </summary>
    public static PretrainingRecipe For(string sizeName) => sizeName switch
    {
        "test" => new(20_000, 4, 3e-3),
        "nano" => new(4_000_000, 16, 2e-3),
        "micro" => new(3_000_000, 16, 2e-3),
        "small" => new(3_000_000, 16, 1e-3),
        // 3M tokens left large at 70-71% on yelp after finetuning, no better than micro; it gets more text.
        _ => new(8_000_000, 16, 6e-4),
    };
}
