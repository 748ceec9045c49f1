using OrleansSelect.Core.Selection;

namespace OrleansSelect.Core.Tests.Selection;

public class SelectionCriterionTests
{
    [Theory]
    [InlineData(1.5, "fraction must be in (0, 1], got 1.5.")]
    [InlineData(0.0, "fraction must be in (0, 1], got 0.")]
    [InlineData(-0.2, "fraction must be in (0, 1], got -0.2.")]
    [InlineData(double.NaN, "fraction must be in (0, 1], got NaN.")]
    public void ABadFractionIsAUserError(double fraction, string message)
    {
        var error = Assert.Throws<UserInputException>(() => SelectionCriterion.OfFraction(fraction));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(0L, "max tokens must be greater than 0, got 0.")]
    [InlineData(-5L, "max tokens must be greater than 0, got -5.")]
    public void ABadTokenBudgetIsAUserError(long maxTokens, string message)
    {
        var error = Assert.Throws<UserInputException>(() => SelectionCriterion.OfMaxTokens(maxTokens));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(0.3, 10, 3)]      // 0.3·10 is 3.0000000000000004 in binary floating point; still 3
    [InlineData(0.25, 10, 3)]     // ⌈2.5⌉
    [InlineData(1.0, 7, 7)]
    [InlineData(0.001, 7, 1)]     // any positive fraction of a non-empty pool keeps at least one
    [InlineData(0.5, 0, 0)]
    [InlineData(0.07, 100, 7)]
    public void ExampleCountIsTheCeilingOfFractionTimesPool(double fraction, long pool, long expected) =>
        Assert.Equal(expected, SelectionCriterion.OfFraction(fraction).ExampleCount(pool));

    [Fact]
    public void CriteriaCarryOnlyTheirOwnValue()
    {
        var fraction = SelectionCriterion.OfFraction(0.2);
        var tokens = SelectionCriterion.OfMaxTokens(1000);
        Assert.Equal((SelectionCriterionKind.Fraction, 0.2, (long?)null), (fraction.Kind, fraction.Fraction, fraction.MaxTokens));
        Assert.Equal((SelectionCriterionKind.MaxTokens, (double?)null, 1000L), (tokens.Kind, tokens.Fraction, tokens.MaxTokens));
        Assert.Equal(SelectionCriterion.OfFraction(0.2), fraction);
        Assert.Throws<InvalidOperationException>(() => tokens.ExampleCount(10));
    }
}
