using OrleansSelect.Core;

namespace OrleansSelect.Grains.Budget;

/// <summary>The budget refused a reservation; the message says what was asked and what remains.</summary>
[GenerateSerializer, Alias("OrleansSelect.BudgetRefusedException")]
public sealed class BudgetRefusedException(string message) : UserInputException(message);
