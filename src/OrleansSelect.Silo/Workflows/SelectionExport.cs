using OrleansSelect.Abstractions;
using OrleansSelect.Core.Selection.Export;
using OrleansSelect.Grains.Selection;

namespace OrleansSelect.Silo.Workflows;

/// <summary>
/// Writes a finished selection's examples to a .jsonl or .parquet file in training order (the
/// manifest's), with each one's score and rank, streaming batches (the selection file a part at a time, the text from the shards) into the file so
/// any trainer can finetune on it. The file appears only once complete.
/// </summary>
public static class SelectionExport
{
    /// <summary>Returns how many examples were written.</summary>
    public static async Task<long> WriteAsync(IGrainFactory grains, SelectionManifest manifest, string path,
        int batchSize = SelectedExampleBatches.DefaultBatchSize, CancellationToken ct = default)
    {
        await using var writer = await SelectionFileWriter.OpenAsync(path, ct);
        await foreach (var batch in SelectedExampleBatches.ReadAsync(grains, manifest, batchSize, ct))
        {
            await writer.WriteAsync(batch.Select(b => new SelectedExample(b.Example.Id, b.Example.Prompt, b.Example.Response,
                b.Example.Source, b.Example.Task, b.Candidate.Score, b.Candidate.Rank)).ToList(), ct);
        }
        await writer.CommitAsync(ct);
        return writer.Count;
    }
}
