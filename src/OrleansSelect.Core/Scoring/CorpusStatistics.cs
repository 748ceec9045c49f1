using System.Text.Json.Serialization;

namespace OrleansSelect.Core.Scoring;

/// <summary>
/// The corpus-wide numbers a scorer needs (for BM25: N, average length, document frequencies).
/// Each shard collects its own, the selection job sums them, and every shard then scores with
/// the sum, so a sharded pool scores exactly like the whole pool at once. All counts are
/// integers, so the sum is exact whatever the order of shards.
/// <see cref="DocumentFrequency"/> holds only terms of the target's reference examples (the only
/// ones a query can look up), which keeps the object small enough to send between grains.
/// </summary>
public sealed class CorpusStatistics : IMergeable<CorpusStatistics>
{
    public long DocumentCount { get; set; }

    /// <summary>Total length of all documents, in the scorer's own tokens (BM25 tokens, not model tokens).</summary>
    public long TotalLength { get; set; }

    /// <summary>Number of documents containing each term; a term absent here has frequency 0.</summary>
    public Dictionary<string, long> DocumentFrequency { get; set; } = new(StringComparer.Ordinal);

    [JsonIgnore]
    public double AverageLength => DocumentCount == 0 ? 0.0 : (double)TotalLength / DocumentCount;

    public long FrequencyOf(string term) => DocumentFrequency.GetValueOrDefault(term);

    /// <summary>Adds another shard's statistics into this one.</summary>
    public void Merge(CorpusStatistics other)
    {
        DocumentCount += other.DocumentCount;
        TotalLength += other.TotalLength;
        foreach (var (term, frequency) in other.DocumentFrequency)
            DocumentFrequency[term] = DocumentFrequency.GetValueOrDefault(term) + frequency;
    }

    /// <summary>The statistics of the union of disjoint shards.</summary>
    public static CorpusStatistics Sum(IEnumerable<CorpusStatistics> shards)
    {
        var total = new CorpusStatistics();
        foreach (var shard in shards)
            total.Merge(shard);
        return total;
    }
}
