namespace OrleansSelect.Core.Scoring;

/// <summary>Global statistics a shard contributes: merging the parts of disjoint shards, in any order, gives the whole.</summary>
public interface IMergeable<in T>
{
    void Merge(T other);
}

/// <summary>The statistics of a method that needs none.</summary>
public sealed class NoStatistics : IMergeable<NoStatistics>
{
    public void Merge(NoStatistics other) { }
}

/// <summary>The artifact of a method without a prepare phase.</summary>
public sealed class NoArtifact;
