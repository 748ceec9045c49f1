namespace OrleansSelect.Core.Data.Artifacts;

/// <summary>
/// An optional artifact this machine cannot provide (its package client is missing, or its package
/// sources do not have the pinned version): `data fetch` skips it, `data fetch --strict` stops.
/// </summary>
public sealed class ArtifactUnavailableException(Artifact artifact, string reason, Exception? inner = null)
    : UserInputException(reason, inner)
{
    public Artifact Artifact { get; } = artifact;
}
