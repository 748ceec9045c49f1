namespace OrleansSelect.Core.Data.Build;

/// <summary>
/// Keeps target examples out of the pool. Two examples match when their normalised prompts or
/// normalised full texts are equal (see <see cref="TextNormalizer"/>), so "Great food!" in
/// another domain's file still counts as the target's "great food." — ids alone would miss it.
/// </summary>
public sealed class LeakFilter
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    public LeakFilter(IEnumerable<PoolExample> targetExamples)
    {
        foreach (var example in targetExamples)
        {
            foreach (var key in Keys(example)) _keys.Add(key);
        }
    }

    public bool Leaks(PoolExample candidate) => Keys(candidate).Any(_keys.Contains);

    private static IEnumerable<string> Keys(PoolExample example)
    {
        var prompt = TextNormalizer.Normalize(example.Prompt);
        if (prompt.Length > 0) yield return "p:" + prompt;
        var text = TextNormalizer.Normalize(example.Text);
        if (text.Length > 0) yield return "t:" + text;
    }
}
