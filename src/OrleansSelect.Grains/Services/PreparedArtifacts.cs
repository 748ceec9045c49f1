using System.Security.Cryptography;
using System.Text;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.Scoring;

namespace OrleansSelect.Grains.Services;

/// <summary>
/// Where a method's prepare output lives: one file per (method, settings, selector, target
/// content, and pool sample for a method that trains on one: <c>inputsContentHash</c>) under the models folder's "prepared" folder, so a second selection with the same
/// inputs finds it; the selection manifest names it by the SHA-256 of its bytes, and a shard
/// refuses a file whose bytes no longer match.
/// </summary>
public static class PreparedArtifacts
{
    public static string PathFor(string modelDirectory, ISelectionMethod method, SelectorCheckpointView? selector, string inputsContentHash)
    {
        var key = $"{method.Name}|{method.Embedder}|{method.Settings}|{(selector is null ? "none" : $"{selector.Size}@{selector.ContentHash}")}|{inputsContentHash}";
        var keyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return Path.Combine(modelDirectory, "prepared", $"{method.Name}-{keyHash[..24]}.json");
    }

    /// <summary>A folder beside the artifact for what prepare writes on its way (checkpoints it resumes from).</summary>
    public static string WorkDirectoryFor(string artifactPath) => Path.ChangeExtension(artifactPath, ".work");

    public static PreparedArtifact Read(PreparedArtifactView view)
    {
        if (!File.Exists(view.Path))
            throw new InvalidOperationException($"the prepared artifact {view.Path} is missing; is the models folder shared by every silo?");
        var artifact = PreparedArtifact.Of(File.ReadAllBytes(view.Path));
        if (artifact.ContentHash != view.ContentHash)
            throw new InvalidOperationException($"the prepared artifact {view.Path} has SHA-256 {artifact.ContentHash}, not the {view.ContentHash} its selection recorded.");
        return artifact;
    }
}
