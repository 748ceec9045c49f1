using OrleansSelect.Abstractions;
using OrleansSelect.Core.Selection;

namespace OrleansSelect.Grains.Selection;

public static class SelectionTargetMapping
{
    /// <summary>Validates and converts; a bad fraction or token count is a user error with a clear message.</summary>
    public static SelectionCriterion ToCriterion(this SelectionTarget target) => target switch
    {
        { Fraction: { } f, MaxTokens: null } => SelectionCriterion.OfFraction(f),
        { Fraction: null, MaxTokens: { } t } => SelectionCriterion.OfMaxTokens(t),
        _ => throw new Core.UserInputException("a selection takes either a fraction or a number of tokens, not both and not neither"),
    };
}
