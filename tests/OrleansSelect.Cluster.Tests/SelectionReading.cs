using OrleansSelect.Abstractions;
using OrleansSelect.Grains.Selection;

namespace OrleansSelect.Cluster.Tests;

/// <summary>A finished selection's candidates, read part by part as every reader reads them; a test may hold them all.</summary>
public static class SelectionReading
{
    public static async Task<List<SelectedCandidate>> SelectedOf(this IGrainFactory grains, SelectionManifest manifest)
    {
        var all = new List<SelectedCandidate>(manifest.SelectedCount);
        await foreach (var part in SelectionParts.ReadAsync(grains, manifest))
            all.AddRange(part);
        return all;
    }
}
