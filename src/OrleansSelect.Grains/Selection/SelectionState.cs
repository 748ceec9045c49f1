using OrleansSelect.Abstractions;

namespace OrleansSelect.Grains.Selection;

public sealed class SelectionState
{
    public SelectionManifest? Manifest { get; set; }
}
