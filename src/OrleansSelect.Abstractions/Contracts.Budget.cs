namespace OrleansSelect.Abstractions;

/// <summary>What a charge paid for; mirrors OrleansSelect.Core.Budget.BudgetCategory on the wire.</summary>
[GenerateSerializer, Alias("OrleansSelect.FlopCategory")]
public enum FlopCategory
{
    Selection = 0,
    Training = 1,
    Evaluation = 2,
}

[GenerateSerializer, Alias("OrleansSelect.Reservation")]
public sealed record Reservation(
    [property: Id(0)] bool Granted,
    [property: Id(1)] string? RefusalReason,
    [property: Id(2)] double RemainingFlops);

[GenerateSerializer, Alias("OrleansSelect.BudgetLineView")]
public sealed record BudgetLineView(
    [property: Id(0)] string Name,
    [property: Id(1)] double ReservedFlops,
    [property: Id(2)] double SpentFlops);

[GenerateSerializer, Alias("OrleansSelect.BudgetView")]
public sealed record BudgetView(
    [property: Id(0)] string Name,
    [property: Id(1)] double TotalFlops,
    [property: Id(2)] double ReservedFlops,
    [property: Id(3)] double SpentFlops,
    [property: Id(4)] double RemainingFlops,
    [property: Id(5)] IReadOnlyList<BudgetLineView> ByCategory,
    [property: Id(6)] IReadOnlyList<BudgetLineView> ByMethod,
    [property: Id(7)] int OpenReservations);
