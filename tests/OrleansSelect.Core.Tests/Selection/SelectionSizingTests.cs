using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Selection;

namespace OrleansSelect.Core.Tests.Selection;

public class SelectionSizingTests
{
    private static readonly ModelShape Small = ModelCatalog.Get("small");

    [Fact]
    public void AFractionIsKeptAsGiven() =>
        Assert.Equal(SelectionCriterion.OfFraction(0.05), SelectionSizing.For(0.05, null, 1e9, 1, "bm25", "small", Small, 1e20, 0));

    [Fact]
    public void ATokenCountIsKeptAsGivenWhateverTheBudget() =>
        Assert.Equal(SelectionCriterion.OfMaxTokens(50_000), SelectionSizing.For(null, 50_000, 1e9, 1, "bm25", "small", Small, 1e20, 0));

    [Fact]
    public void TokensAreWhatTheBudgetTrainsOnAfterSelectionAndEvaluation()
    {
        double perToken = FlopModel.TrainFlopsPerToken(Small, Small.ContextLength);
        var plan = SelectionSizing.For(null, null, budgetFlops: 1e15, epochs: 2, "bm25", "small", Small, selectionFlops: 1e14, evalFlops: 5e13);
        Assert.Equal((long)Math.Floor((1e15 - 1e14 - 5e13) / perToken / 2), plan.MaxTokens);
    }

    [Fact]
    public void ABudgetBelowOneSequenceIsOneSentenceNamingTheCosts()
    {
        var error = Assert.Throws<UserInputException>(() => SelectionSizing.For(null, null, 1e9, 1, "dsir", "small", Small, 5e8, 1e8));
        Assert.StartsWith("a budget of ", error.Message);
        Assert.Contains("too small for dsir with model 'small'", error.Message);
    }
}
