using OrleansSelect.Abstractions;

namespace OrleansSelect.Grains.Budget;

/// <summary>
/// Budgeted work that may be interrupted by a crash. Each attempt reserves under its own operation
/// id, and the attempt number is persisted before the reservation. When work starts again, an
/// earlier attempt that never committed is charged its spend ceiling (its compute was spent), so a
/// crash neither loses a charge nor, thanks to idempotent ids, counts one twice.
/// </summary>
public static class AttemptCharging
{
    public static string OperationId(string workId, int attempt) => $"{workId}#{attempt}";

    /// <summary>Settles every earlier attempt that began and never finished (ids 1..attemptsStarted).</summary>
    public static Task SettleInterruptedAsync(IBudgetGrain budget, string workId, int attemptsStarted) =>
        Task.WhenAll(Enumerable.Range(1, attemptsStarted).Select(a => budget.SettleInterrupted(OperationId(workId, a))));

    public static async Task ReserveOrThrowAsync(
        IBudgetGrain budget, string operationId, double flops, FlopCategory category, string method)
    {
        var reservation = await budget.Reserve(operationId, flops, category, method);
        if (!reservation.Granted)
            throw new BudgetRefusedException($"budget '{budget.GetPrimaryKeyString()}' refused: {reservation.RefusalReason}");
    }
}
