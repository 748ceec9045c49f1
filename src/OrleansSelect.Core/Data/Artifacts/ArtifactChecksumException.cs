namespace OrleansSelect.Core.Data.Artifacts;

/// <summary>A downloaded artifact whose SHA-256 is not the pinned one (corrupted, truncated or changed).</summary>
public sealed class ArtifactChecksumException(Artifact artifact, string path, string actual)
    : UserInputException(
        $"Artifact {artifact.Display} at '{path}' has SHA-256 {actual}, expected {artifact.Sha256}; " +
        "it is corrupted or truncated and was not extracted; delete it and run 'orleansselect data fetch' again.")
{
    public Artifact Artifact { get; } = artifact;
    public string ActualSha256 { get; } = actual;
}
