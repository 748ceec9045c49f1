namespace OrleansSelect.Core.Selection;

public enum SelectionCriterionKind
{
    /// <summary>Keep a fraction of the pool's examples.</summary>
    Fraction,

    /// <summary>Keep examples while their training tokens fit a budget.</summary>
    MaxTokens,
}
