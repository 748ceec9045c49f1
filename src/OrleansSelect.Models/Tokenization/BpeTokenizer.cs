using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using OrleansSelect.Core.IO;

namespace OrleansSelect.Models.Tokenization;

/// <summary>
/// A small byte-level BPE the project trains itself (Sennrich et al. 2016, on bytes as in GPT-2).
/// Ids 0..255 are bytes, 256 the boundary, 257.. the merges in the order they were learned. Text is
/// first cut into chunks (a word with its leading space, a number, a run of punctuation, other
/// whitespace), and merges never cross a chunk, so a word is usually one token: a small model then
/// sees "great" and "awful" as units instead of having to assemble them from bytes.
/// </summary>
public sealed partial class BpeTokenizer : ITokenizer
{
    private readonly (int Left, int Right)[] merges;
    private readonly Dictionary<(int, int), int> rank = new();
    private readonly int[] byteLength;
    private readonly ConcurrentDictionary<string, int[]> cache = new();

    /// <summary>
    /// Chunks remembered: word frequencies fall off fast, so the first this many distinct chunks take
    /// most of the hits. Unbounded, the cache grew with the vocabulary of every pool tokenised, a
    /// silo's largest holding after scoring a million examples; past the cap a chunk is encoded anew.
    /// </summary>
    public const int CachedChunks = 1 << 16;

    private int cachedCount; // counted apart: ConcurrentDictionary.Count takes every lock

    /// <summary>How many chunks the cache holds now (at most <see cref="CachedChunks"/>).</summary>
    public int CachedChunkCount => Volatile.Read(ref cachedCount);

    public int VocabSize => 257 + merges.Length;
    public int BoundaryToken => 256;
    public IReadOnlyList<(int Left, int Right)> Merges => merges;

    public BpeTokenizer(IReadOnlyList<(int Left, int Right)> merges)
    {
        this.merges = merges.ToArray();
        byteLength = new int[VocabSize];
        for (int b = 0; b < 256; b++) byteLength[b] = 1;
        for (int m = 0; m < this.merges.Length; m++)
        {
            var (l, r) = this.merges[m];
            if (l < 0 || r < 0 || l >= 257 + m || r >= 257 + m || l == 256 || r == 256)
                throw new Core.UserInputException($"BPE merge {m} ({l}, {r}) refers to a token that does not exist before it.");
            rank[(l, r)] = m;
            byteLength[257 + m] = byteLength[l] + byteLength[r];
        }
    }

    [GeneratedRegex(@" ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+")]
    private static partial Regex Chunk();

    public static IEnumerable<string> Chunks(string text) => Chunk().Matches(text).Select(m => m.Value);

    public int[] Encode(string text)
    {
        var tokens = new List<int>(text.Length);
        foreach (var chunk in Chunks(text))
        {
            if (!cache.TryGetValue(chunk, out var ids))
            {
                ids = EncodeChunk(chunk);
                // Two threads may both pass the check: the cap is held to within a thread or two.
                if (Volatile.Read(ref cachedCount) < CachedChunks && cache.TryAdd(chunk, ids))
                    Interlocked.Increment(ref cachedCount);
            }
            tokens.AddRange(ids);
        }
        return tokens.ToArray();
    }

    public int ByteLength(int token) => byteLength[token];

    private int[] EncodeChunk(string chunk)
    {
        var ids = Encoding.UTF8.GetBytes(chunk).Select(b => (int)b).ToList();
        while (ids.Count > 1)
        {
            // Apply the earliest-learned merge present, as training did.
            int best = -1, bestRank = int.MaxValue;
            for (int i = 0; i + 1 < ids.Count; i++)
                if (rank.TryGetValue((ids[i], ids[i + 1]), out int r) && r < bestRank) { best = i; bestRank = r; }
            if (best < 0) break;
            ids[best] = 257 + bestRank;
            ids.RemoveAt(best + 1);
        }
        return ids.ToArray();
    }

    /// <summary>
    /// Learns <paramref name="mergeCount"/> merges from <paramref name="texts"/>: repeatedly the most
    /// frequent adjacent pair within chunks (ties to the smaller pair, so training is deterministic).
    /// </summary>
    public static BpeTokenizer Train(IEnumerable<string> texts, int mergeCount)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
            foreach (var chunk in Chunks(text))
                counts[chunk] = counts.GetValueOrDefault(chunk) + 1;
        var words = counts.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (Ids: Encoding.UTF8.GetBytes(kv.Key).Select(b => (int)b).ToList(), Count: kv.Value)).ToList();
        var merges = new List<(int, int)>(mergeCount);
        var pairs = new Dictionary<(int, int), long>();
        for (int m = 0; m < mergeCount; m++)
        {
            pairs.Clear();
            foreach (var (ids, count) in words)
                for (int i = 0; i + 1 < ids.Count; i++)
                    pairs[(ids[i], ids[i + 1])] = pairs.GetValueOrDefault((ids[i], ids[i + 1])) + count;
            if (pairs.Count == 0) break;
            var best = pairs.OrderByDescending(p => p.Value).ThenBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2).First();
            if (best.Value < 2) break;
            int id = 257 + m;
            merges.Add(best.Key);
            foreach (var (ids, _) in words)
                for (int i = 0; i + 1 < ids.Count; i++)
                    if (ids[i] == best.Key.Item1 && ids[i + 1] == best.Key.Item2) { ids[i] = id; ids.RemoveAt(i + 1); }
        }
        return new BpeTokenizer(merges);
    }

    /// <summary>One merge per line, "left right".</summary>
    public void Save(string path)
    {
        AtomicFile.WriteAllText(path, string.Concat(merges.Select(m => $"{m.Left} {m.Right}\n")));
    }

    public static BpeTokenizer Load(string path)
    {
        if (!File.Exists(path)) throw new Core.UserInputException($"Tokenizer file '{path}' does not exist.");
        var merges = new List<(int, int)>();
        foreach (var (line, n) in File.ReadLines(path).Select((l, i) => (l, i + 1)))
        {
            var parts = line.Split(' ');
            if (parts.Length != 2 || !int.TryParse(parts[0], out int l) || !int.TryParse(parts[1], out int r))
                throw new Core.UserInputException($"Tokenizer file '{path}' line {n} is not a merge of two token ids.");
            merges.Add((l, r));
        }
        return new BpeTokenizer(merges);
    }
}
