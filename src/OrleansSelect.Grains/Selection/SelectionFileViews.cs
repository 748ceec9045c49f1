using OrleansSelect.Abstractions;
using OrleansSelect.Core.IO;
using OrleansSelect.Core.Selection;
using OrleansSelect.Core.Selection.Export;

namespace OrleansSelect.Grains.Selection;

/// <summary>Between a selection's candidates as grains pass them and its file as Core writes and reads it.</summary>
public static class SelectionFileViews
{
    /// <summary>
    /// Writes the candidates in the order given (the training order), each with its 1-based rank in
    /// <see cref="RankOrder"/>, which equals its position unless the method trains in another order.
    /// </summary>
    public static SelectionFileRef Write(SelectionFile file, IReadOnlyList<Candidate> selected, int partRows)
    {
        var ranks = SelectionRanks.Of(selected.Select(c => new ScoredExample(c.ExampleId, c.Score, c.Tokens)));
        return file.Write(selected.Select(c => new SelectionRow(c.ExampleId, c.Score, c.Tokens, c.Shard, ranks[c.ExampleId])), partRows);
    }

    public static SelectionFileView View(SelectionFileRef written) => new(written.Index.Path, written.Index.Sha256, written.Parts);

    public static ColumnFileRef Index(SelectionFileView view) => new(view.IndexPath, view.IndexSha256);

    public static SelectedCandidate ToCandidate(SelectionRow row) => new(row.ExampleId, row.Score, row.Tokens, row.Shard, row.Rank);
}
