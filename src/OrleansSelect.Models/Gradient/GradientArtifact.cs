namespace OrleansSelect.Models.Gradient;

/// <summary>
/// gradient's prepared artifact: the warmup's checkpoints (on the models volume, named by SHA-256
/// so a shard never scores with a replaced file) and, per checkpoint, the reference examples'
/// unit-length projected gradients; plus each reference example's subtask.
/// </summary>
public sealed class GradientArtifact
{
    public List<GradientCheckpoint> Checkpoints { get; set; } = [];

    /// <summary>The subtask of each reference example, in order ("" when the target has none).</summary>
    public string[] ReferenceSubtasks { get; set; } = [];
}

public sealed class GradientCheckpoint
{
    public int Epoch { get; set; }

    /// <summary>The mean learning rate of the epoch that ended here: this checkpoint's weight in a score.</summary>
    public double LearningRate { get; set; }

    public string Path { get; set; } = "";

    public string Sha256 { get; set; } = "";

    public float[][] ReferenceFeatures { get; set; } = [];
}
