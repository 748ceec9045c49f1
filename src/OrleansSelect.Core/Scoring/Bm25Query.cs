using OrleansSelect.Core.Data;

namespace OrleansSelect.Core.Scoring;

/// <summary>
/// A target's reference examples folded into one weighted query: each distinct term with its
/// mean count per reference example. Since BM25 is a sum over query tokens, the mean over
/// reference examples of their BM25 scores equals one BM25 sum with these weights, so a document
/// is tokenised once however many reference examples there are.
/// </summary>
internal sealed class Bm25Query
{
    private readonly Dictionary<string, int> _index;

    /// <summary>Distinct query terms in ordinal order (a fixed order keeps sums reproducible).</summary>
    public string[] Terms { get; }

    /// <summary>Occurrences of each term summed over reference examples, divided by their number.</summary>
    public double[] Weights { get; }

    public int Count => Terms.Length;

    /// <summary>Characters of reference text tokenised to build the query (for the cost estimate).</summary>
    public long ReferenceChars { get; }

    public Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }

    public Bm25Query(TargetTask target)
    {
        if (target.Reference.Count == 0)
            throw new UserInputException($"target '{target.Name}' has no reference examples; bm25 compares the pool with them.");

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long chars = 0;
        foreach (var reference in target.Reference)
        {
            var text = reference.Text;
            chars += text.Length;
            foreach (var token in Bm25Tokenizer.Tokenize(text))
                counts[token] = counts.GetValueOrDefault(token) + 1;
        }

        Terms = counts.Keys.Order(StringComparer.Ordinal).ToArray();
        Weights = Terms.Select(t => (double)counts[t] / target.Reference.Count).ToArray();
        ReferenceChars = chars;
        _index = new Dictionary<string, int>(Terms.Length, StringComparer.Ordinal);
        for (var i = 0; i < Terms.Length; i++)
            _index[Terms[i]] = i;
        Lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
    }
}
