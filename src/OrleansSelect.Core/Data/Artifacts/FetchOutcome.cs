namespace OrleansSelect.Core.Data.Artifacts;

/// <summary>
/// What fetching one artifact did: nothing (already extracted), download and/or extraction, or
/// nothing because this machine cannot provide it (<see cref="SkippedBecause"/> says why).
/// </summary>
public sealed record FetchOutcome(Artifact Artifact, bool Downloaded, bool Extracted, long ArtifactBytes, string? SkippedBecause = null)
{
    public bool AlreadyPresent => !Downloaded && !Extracted && !Skipped;
    public bool Skipped => SkippedBecause is not null;
}
