using OrleansSelect.Core.Compute;

namespace OrleansSelect.Core.Analysis;

/// <summary>
/// What the planner is asked: the best use of <see cref="BudgetFlops"/> for training a model of
/// <see cref="Training"/>'s shape on <see cref="Target"/>, with a selector of size
/// <see cref="SelectorSize"/>, from a pool of <see cref="PoolTokens"/> tokens. <see cref="Methods"/>
/// narrows the choice (empty = every fitted method).
/// </summary>
public sealed record PlanRequest(
    double BudgetFlops,
    string Target,
    ModelShape Training,
    string SelectorSize,
    long PoolTokens,
    IReadOnlyList<string>? Methods = null);
