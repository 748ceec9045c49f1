namespace OrleansSelect.Models.Perplexity;

/// <summary>
/// perplexity's prepared artifact: the selector finetuned on the target's reference examples, a
/// checkpoint under the models folder named by its SHA-256 (checked when a silo loads it).
/// </summary>
public sealed class FinetunedSelector
{
    public string Size { get; set; } = "";

    public string CheckpointPath { get; set; } = "";

    public string CheckpointHash { get; set; } = "";
}
