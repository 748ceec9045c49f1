using System.Runtime.CompilerServices;
using OrleansSelect.Abstractions;
using OrleansSelect.Grains.Services;

namespace OrleansSelect.Grains.Selection;

/// <summary>
/// The one way to read a finished selection's candidates: part by part from its selection grain, in
/// the manifest's order (the training order), so a reader holds one part unless it keeps them.
/// </summary>
public static class SelectionParts
{
    public static async IAsyncEnumerable<IReadOnlyList<SelectedCandidate>> ReadAsync(
        IGrainFactory grains, SelectionManifest manifest, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var grain = grains.GetGrain<ISelectionGrain>(manifest.SelectionId);
        for (int part = 0; part < manifest.File.Parts; part++)
        {
            ct.ThrowIfCancellationRequested();
            int index = part;
            yield return await SiloLossRetry.RunAsync(() => grain.GetPart(index), cancellation: ct);
        }
    }

    /// <summary>The first <paramref name="count"/> candidates, reading only the parts that hold them.</summary>
    public static async Task<List<SelectedCandidate>> FirstAsync(IGrainFactory grains, SelectionManifest manifest, int count, CancellationToken ct = default)
    {
        var first = new List<SelectedCandidate>(count);
        await foreach (var part in ReadAsync(grains, manifest, ct))
        {
            first.AddRange(part.Take(count - first.Count));
            if (first.Count == count)
                break;
        }
        return first;
    }
}
