namespace OrleansSelect.Core.Budget;

/// <summary>What a charge to the budget paid for. Selection and training draw on the same total.</summary>
public enum BudgetCategory
{
    Selection,
    Training,
    Evaluation,
}
