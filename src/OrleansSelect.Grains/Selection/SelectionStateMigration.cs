using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.Selection;
using OrleansSelect.Core.Selection.Export;

namespace OrleansSelect.Grains.Selection;

/// <summary>
/// Moves the candidates a stored manifest kept inline, from before selection files, into the
/// selection's file, once, when such a selection is activated: the manifest then reads as any other.
/// Ranks are computed as the selection grain computes them, so an export of a migrated selection is
/// the export it always was.
/// </summary>
public static class SelectionStateMigration
{
    // As the grain storage reads them: a score that is not a number is stored as "NaN".
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static bool HasInlineSelection(SelectionState state) => state.InlineManifest is not null;

    /// <summary>Writes the file and points the state at it; the caller then writes the state.</summary>
    public static void MoveToFile(SelectionState state, Func<string, SelectionFile> fileFor, int partRows)
    {
        var old = state.InlineManifest!.DeepClone().AsObject();
        var selected = old["Selected"]?.Deserialize<List<Candidate>>(Json) ?? [];
        old.Remove("Selected");
        var manifest = old.Deserialize<SelectionManifest>(Json)
            ?? throw new InvalidOperationException("the stored selection manifest is null");
        var written = SelectionFileViews.Write(fileFor(manifest.SelectionId), selected, partRows);
        state.Manifest = manifest with { File = SelectionFileViews.View(written), SelectedCount = written.Count };
        state.InlineManifest = null;
    }
}
