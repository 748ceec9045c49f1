namespace OrleansSelect.Models.Evaluation;

/// <summary>
/// The fixed frame around the varying content of a target's prompts ("Review: " … "\nSentiment:"),
/// found as the longest prefix and suffix that every test prompt shares. Filling the frame with
/// content-free strings gives the inputs of contextual calibration (Zhao et al. 2021): what the
/// model says about each label when there is nothing to judge is its bias, not evidence.
/// </summary>
public sealed record PromptTemplate(string Prefix, string Suffix)
{
    /// <summary>The content-free fillers of Zhao et al.: "N/A", the empty string and "[MASK]".</summary>
    public static IReadOnlyList<string> ContentFreeFillers { get; } = ["N/A", "", "[MASK]"];

    public IReadOnlyList<string> ContentFreePrompts() => ContentFreeFillers.Select(f => Prefix + f + Suffix).ToArray();

    /// <summary>The shared frame of at least two prompts; null when there are fewer (nothing to tell frame from content).</summary>
    public static PromptTemplate? Infer(IReadOnlyList<string> prompts)
    {
        if (prompts.Count < 2) return null;
        int shortest = prompts.Min(p => p.Length);
        int prefix = 0;
        while (prefix < shortest && prompts.All(p => p[prefix] == prompts[0][prefix])) prefix++;
        int suffix = 0;
        // The suffix may not overlap the prefix inside the shortest prompt.
        while (suffix < shortest - prefix && prompts.All(p => p[^(suffix + 1)] == prompts[0][^(suffix + 1)])) suffix++;
        return new PromptTemplate(prompts[0][..prefix], prompts[0][^suffix..]);
    }
}
