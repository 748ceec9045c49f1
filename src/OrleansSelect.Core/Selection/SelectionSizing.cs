using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Reports;

namespace OrleansSelect.Core.Selection;

/// <summary>
/// The compute-constrained choice of how much to keep: with a fraction or a token count, that;
/// otherwise the top tokens that the budget can train on once selection and evaluation are paid for.
/// </summary>
public static class SelectionSizing
{
    public static SelectionCriterion For(
        double? fraction, long? maxTokens, double budgetFlops, int epochs, string method, string sizeName, ModelShape shape,
        double selectionFlops, double evalFlops)
    {
        if (fraction is { } f)
            return SelectionCriterion.OfFraction(f);
        if (maxTokens is { } fixedTokens)
            return SelectionCriterion.OfMaxTokens(fixedTokens);

        double perToken = FlopModel.TrainFlopsPerToken(shape, shape.ContextLength);
        double trainFlops = budgetFlops - selectionFlops - evalFlops;
        long tokens = (long)Math.Floor(trainFlops / perToken / Math.Max(1, epochs));
        if (tokens < shape.ContextLength)
            throw new UserInputException(
                $"a budget of {ReportWriter.Flops(budgetFlops)} FLOPs is too small for {method} with model '{sizeName}': " +
                $"selection takes about {ReportWriter.Flops(selectionFlops)} and evaluation {ReportWriter.Flops(evalFlops)}, " +
                $"leaving less than one {shape.ContextLength}-token training sequence ({ReportWriter.Flops(perToken * shape.ContextLength)} FLOPs)");
        return SelectionCriterion.OfMaxTokens(tokens);
    }
}
