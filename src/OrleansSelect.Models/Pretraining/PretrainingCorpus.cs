using System.Security.Cryptography;
using System.Text;
using OrleansSelect.Core;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Build;
using OrleansSelect.Core.Data.Jsonl;

namespace OrleansSelect.Models.Pretraining;

/// <summary>
/// The general text a base model is pretrained on: every non-sentiment example of the built pools
/// (deduplicated by id), so no target's test set, nor any sentiment text at all, is ever seen in
/// pretraining. About 1% (chosen by id, so stable) is held out to measure bits per byte.
/// </summary>
public sealed class PretrainingCorpus
{
    public IReadOnlyList<string> Train { get; }
    public IReadOnlyList<PoolExample> Validation { get; }

    /// <summary>A hash of the texts in order: part of the checkpoint cache key.</summary>
    public string ContentHash { get; }

    public PretrainingCorpus(IReadOnlyList<PoolExample> examples)
    {
        var ordered = examples.DistinctBy(e => e.Id).OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
        Train = ordered.Where(e => !IsHeldOut(e)).Select(e => e.Text).ToList();
        Validation = ordered.Where(IsHeldOut).Take(500).ToList();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var e in ordered) sha.AppendData(Encoding.UTF8.GetBytes(e.Text + "\u0000"));
        ContentHash = Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public long Bytes => Train.Sum(t => (long)Encoding.UTF8.GetByteCount(t));

    public static bool IsGeneral(PoolExample e) =>
        e.Task != SentimentFormat.Task && !SentimentFormat.Domains.Contains(e.Source);

    /// <summary>Reads the general examples of every built pool under the data folder.</summary>
    public static PretrainingCorpus FromDataDirectory(string dataDirectory)
    {
        var layout = new DataLayout(dataDirectory);
        var pools = Directory.Exists(layout.Built)
            ? Directory.GetDirectories(layout.Built).Select(d => Path.Combine(d, TargetTaskStore.PoolFile)).Where(File.Exists).OrderBy(p => p, StringComparer.Ordinal).ToList()
            : [];
        if (pools.Count == 0)
            throw new UserInputException($"Data folder '{layout.Root}' has no built pools; run 'orleansselect data fetch' and 'orleansselect data build' first.");
        var examples = pools.SelectMany(p => PoolJsonl.Read(p)).Where(IsGeneral).ToList();
        if (examples.Count == 0)
            throw new UserInputException($"The pools under '{layout.Built}' hold no general (non-sentiment) text to pretrain on.");
        return new PretrainingCorpus(examples);
    }

    private static bool IsHeldOut(PoolExample e) => StableBucket(e.Id) == 0;

    // string.GetHashCode is randomised per process; the split must be stable, so hash the id ourselves.
    private static int StableBucket(string id)
    {
        uint h = 2166136261;
        foreach (char c in id) h = (h ^ c) * 16777619;
        return (int)(h % 100);
    }
}
