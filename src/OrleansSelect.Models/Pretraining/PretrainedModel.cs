namespace OrleansSelect.Models.Pretraining;

/// <summary>A pretrained base checkpoint and what it took to make it.</summary>
public sealed record PretrainedModel(
    string Size,
    string CheckpointPath,
    string CacheKey,
    long NonEmbeddingParameters,
    long Tokens,
    int Steps,
    double Flops,
    string Precision,
    double WallSeconds,
    double FinalLoss,
    double ValidationBitsPerByte,
    bool FromCache = false);
