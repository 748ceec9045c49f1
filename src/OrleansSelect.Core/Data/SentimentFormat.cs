namespace OrleansSelect.Core.Data;

/// <summary>
/// The one format of sentiment examples, used for target sets and for the sentiment examples in
/// pools alike, so selection can find the relevant ones: prompt "Review: …\nSentiment:", response
/// " positive" or " negative".
/// </summary>
public static class SentimentFormat
{
    public const string Task = "sentiment";
    public const string Positive = " positive";
    public const string Negative = " negative";

    /// <summary>The target domains; each can be the target with the other two in its pool.</summary>
    public static IReadOnlyList<string> Domains { get; } = ["yelp", "amazon", "imdb"];

    /// <summary>The labels in a fixed order (negative first), as the target's Labels.</summary>
    public static IReadOnlyList<string> Labels { get; } = [Negative, Positive];

    public static PoolExample Create(string sentence, bool positive, string domain) =>
        ExampleIds.Create($"Review: {sentence}\nSentiment:", positive ? Positive : Negative, domain, Task);

    public static string RequireDomain(string name)
    {
        var domain = name.Trim().ToLowerInvariant();
        if (!Domains.Contains(domain))
            throw new UserInputException($"Target '{name}' is unknown; choose one of {string.Join(", ", Domains)}.");
        return domain;
    }
}
