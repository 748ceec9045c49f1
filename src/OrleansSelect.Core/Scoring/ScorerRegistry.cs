namespace OrleansSelect.Core.Scoring;

/// <summary>
/// The selection methods by name. A new method is one <see cref="IPoolScorer"/> class and one
/// entry in <see cref="Default"/> (or passed to the constructor by a project that owns it).
/// </summary>
public sealed class ScorerRegistry
{
    public static ScorerRegistry Default { get; } = new(
        new RandomScorer(),
        new Bm25Scorer());

    private readonly Dictionary<string, IPoolScorer> _scorers = new(StringComparer.OrdinalIgnoreCase);

    public ScorerRegistry(params IEnumerable<IPoolScorer> scorers)
    {
        foreach (var scorer in scorers)
            if (!_scorers.TryAdd(scorer.Method, scorer))
                throw new ArgumentException($"two scorers are registered for method '{scorer.Method}'.", nameof(scorers));
        Methods = _scorers.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Known method names, sorted.</summary>
    public IReadOnlyList<string> Methods { get; }

    public IPoolScorer Get(string method) =>
        _scorers.TryGetValue(method.Trim(), out var scorer)
            ? scorer
            : throw new UserInputException($"unknown method '{method}'; known methods: {string.Join(", ", Methods)}.");
}
