namespace OrleansSelect.Core.Scoring;

/// <summary>
/// The small model a model-based method scores with: its size in the family, the checkpoint it
/// starts from (the size's pretrained base, on the shared models volume in cluster mode) and the
/// SHA-256 of that file, which names it in every cache key so a retrained base never serves old scores.
/// </summary>
public sealed record SelectorModel(string Size, string CheckpointPath, string CheckpointHash);
