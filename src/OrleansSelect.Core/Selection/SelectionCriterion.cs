namespace OrleansSelect.Core.Selection;

/// <summary>
/// How much of the ranked pool to keep: a <see cref="Fraction"/> in (0, 1] of the pool's
/// examples (k = ⌈fraction·pool size⌉), or a <see cref="MaxTokens"/> budget of training tokens.
/// Build it with <see cref="OfFraction"/> or <see cref="OfMaxTokens"/>, which reject bad values.
/// </summary>
public sealed record SelectionCriterion
{
    public SelectionCriterionKind Kind { get; }

    /// <summary>Set when <see cref="Kind"/> is Fraction.</summary>
    public double? Fraction { get; }

    /// <summary>Set when <see cref="Kind"/> is MaxTokens.</summary>
    public long? MaxTokens { get; }

    private SelectionCriterion(SelectionCriterionKind kind, double? fraction, long? maxTokens)
    {
        Kind = kind;
        Fraction = fraction;
        MaxTokens = maxTokens;
    }

    public static SelectionCriterion OfFraction(double fraction)
    {
        if (!(fraction > 0 && fraction <= 1))
            throw new UserInputException($"fraction must be in (0, 1], got {fraction}.");
        return new SelectionCriterion(SelectionCriterionKind.Fraction, fraction, null);
    }

    public static SelectionCriterion OfMaxTokens(long maxTokens)
    {
        if (maxTokens <= 0)
            throw new UserInputException($"max tokens must be greater than 0, got {maxTokens}.");
        return new SelectionCriterion(SelectionCriterionKind.MaxTokens, null, maxTokens);
    }

    /// <summary>
    /// k = ⌈fraction · poolSize⌉. Computed in decimal so that 0.3 of 10 is 3, not the 4 that
    /// binary floating point (0.30000000000000004 · 10) would give.
    /// </summary>
    public long ExampleCount(long poolSize)
    {
        if (Kind != SelectionCriterionKind.Fraction)
            throw new InvalidOperationException("only a fraction criterion has an example count.");
        ArgumentOutOfRangeException.ThrowIfNegative(poolSize);
        var k = (long)Math.Ceiling((decimal)Fraction!.Value * poolSize);
        return Math.Min(k, poolSize);
    }

    public override string ToString() =>
        Kind == SelectionCriterionKind.Fraction ? $"fraction {Fraction}" : $"max tokens {MaxTokens}";
}
