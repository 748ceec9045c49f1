namespace OrleansSelect.Core.Data.Sources;

/// <summary>
/// One corpus that contributes examples to the pool. <see cref="Read"/> takes the folder its
/// package was extracted to and yields examples in a fixed order; records it cannot use go to the
/// drop log (via the context) with their file:line.
/// </summary>
public interface IPoolSource
{
    /// <summary>The value of the examples' source field, e.g. "brown".</summary>
    string Name { get; }

    /// <summary>The artifact (see ArtifactCatalog) whose extracted folder this source reads.</summary>
    string Package { get; }

    IEnumerable<PoolExample> Read(string packageRoot, SourceContext context);
}
