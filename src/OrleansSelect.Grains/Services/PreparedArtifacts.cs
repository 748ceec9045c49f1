using System.Security.Cryptography;
using System.Text;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.IO;
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
        var key = $"{method.ScoringName}|{method.Embedder}|{method.Settings}|{(selector is null ? "none" : $"{selector.Size}@{selector.ContentHash}")}|{inputsContentHash}";
        var keyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return Path.Combine(modelDirectory, "prepared", $"{method.ScoringName}-{keyHash[..24]}.json");
    }

    /// <summary>Writes the artifact, after a note of the budget that paid for it (so a later selection knows whether it reuses another budget's work).</summary>
    public static void Write(string path, byte[] content, string budgetName)
    {
        AtomicFile.WriteAllText(PaidByPath(path), budgetName);
        AtomicFile.WriteAllBytes(path, content);
    }

    /// <summary>The budget that paid for the artifact at <paramref name="path"/> ("" when unknown).</summary>
    public static string PaidBy(string path) => File.Exists(PaidByPath(path)) ? File.ReadAllText(PaidByPath(path)) : "";

    private static string PaidByPath(string artifactPath) => artifactPath + ".budget";

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
