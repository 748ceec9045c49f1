namespace OrleansSelect.Core.Scoring.Dsir;

/// <summary>
/// How often each hashed n-gram bucket occurs in a set of texts: DSIR's raw material for both the
/// target and the pool distribution. Like <see cref="CorpusStatistics"/> for BM25, each shard
/// counts its own and the counts are summed; they are integers, so the sum is exact whatever the
/// order of the shards, and a sharded pool gives the same distribution as the whole.
/// </summary>
public sealed class NgramCounts : IMergeable<NgramCounts>
{
    public NgramCounts() : this(HashedNgrams.DefaultBuckets) { }

    public NgramCounts(int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        Counts = new long[buckets];
    }

    /// <summary>Occurrences per bucket; its length is the number of buckets.</summary>
    public long[] Counts { get; set; }

    /// <summary>All occurrences, the sum of <see cref="Counts"/>.</summary>
    public long Total { get; set; }

    public int Buckets => Counts.Length;

    public void Add(string text) =>
        HashedNgrams.ForEachFeature(text, Buckets, bucket =>
        {
            Counts[bucket]++;
            Total++;
        });

    public static NgramCounts Of(IEnumerable<string> texts, int buckets = HashedNgrams.DefaultBuckets)
    {
        var counts = new NgramCounts(buckets);
        foreach (var text in texts)
            counts.Add(text);
        return counts;
    }

    /// <summary>Adds another shard's counts into this one.</summary>
    public void Merge(NgramCounts other)
    {
        if (other.Buckets != Buckets)
            throw new ArgumentException($"cannot merge counts over {other.Buckets} buckets into counts over {Buckets}.", nameof(other));
        for (var i = 0; i < Counts.Length; i++)
            Counts[i] += other.Counts[i];
        Total += other.Total;
    }

    /// <summary>The counts of the union of disjoint shards.</summary>
    public static NgramCounts Sum(IEnumerable<NgramCounts> shards, int buckets = HashedNgrams.DefaultBuckets)
    {
        var total = new NgramCounts(buckets);
        foreach (var shard in shards)
            total.Merge(shard);
        return total;
    }
}
