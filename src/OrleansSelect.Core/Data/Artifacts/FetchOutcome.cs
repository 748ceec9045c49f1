namespace OrleansSelect.Core.Data.Artifacts;

/// <summary>What fetching one artifact did: nothing (already extracted), or download and/or extraction.</summary>
public sealed record FetchOutcome(Artifact Artifact, bool Downloaded, bool Extracted, long ArtifactBytes)
{
    public bool AlreadyPresent => !Downloaded && !Extracted;
}
