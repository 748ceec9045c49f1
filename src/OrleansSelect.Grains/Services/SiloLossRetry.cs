using System.Data.Common;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;
using OrleansSelect.Core;

namespace OrleansSelect.Grains.Services;

/// <summary>
/// Repeats a grain call that failed because the silo holding the grain (or the gateway carrying the
/// call) died, or because the database failed it for a moment (a restart, a dropped connection).
/// Once membership declares that silo dead, the same call activates the grain on a survivor from its
/// persisted state; a grain whose write failed dropped its activation, so the repeat reads what was
/// stored. Every job call here is idempotent by its ids, so repeating one resumes the work rather
/// than doubling it. Other failures pass through at once.
/// </summary>
public static class SiloLossRetry
{
    /// <summary>Long enough for membership to declare a silo dead (missed probes, then votes).</summary>
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);

    public static async Task<T> RunAsync<T>(Func<Task<T>> call, TimeSpan? patience = null, CancellationToken cancellation = default)
    {
        var giveUpAt = DateTime.UtcNow + (patience ?? DefaultPatience);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (IsSiloLoss(e) || IsDatabaseOutage(e))
            {
                if (DateTime.UtcNow >= giveUpAt && IsDatabaseOutage(e))
                    throw new UserInputException(
                        $"the database failed the cluster's work and did not answer again within {(patience ?? DefaultPatience).TotalMinutes:0.#} minutes ({e.GetBaseException().Message}); run the same command again once it answers", e);
                if (DateTime.UtcNow >= giveUpAt)
                    throw new UserInputException(
                        $"a silo of the cluster stopped answering and no other took over its work within {(patience ?? DefaultPatience).TotalMinutes:0.#} minutes ({e.GetBaseException().Message}); run the same command again once the cluster is healthy", e);
                await Task.Delay(Pause, cancellation);
            }
        }
    }

    public static Task RunAsync(Func<Task> call, TimeSpan? patience = null, CancellationToken cancellation = default) =>
        RunAsync(async () => { await call(); return true; }, patience, cancellation);

    public static bool IsSiloLoss(Exception e) => e switch
    {
        OrleansMessageRejectionException or ConnectionFailedException or JobActivationLostException => true,
        // A write that lost to another activation of the same grain: Orleans may make one for a moment
        // while a dead silo's part of the grain directory is rebuilt. The loser dropped its activation
        // (StateWrites), so the repeat reads what the winner stored.
        InconsistentStateException => true,
        AggregateException { InnerExceptions.Count: 1 } a => IsSiloLoss(a.InnerException!),
        _ => false,
    };

    /// <summary>
    /// The database failed the call for a moment, wherever in the chain (a grain's storage error wraps
    /// the driver's): a transient error by the driver's own account, a lost connection (SQLSTATE 08),
    /// the server shutting down or starting (57P), or no free connection slot (53300).
    /// </summary>
    public static bool IsDatabaseOutage(Exception e) => e switch
    {
        DbException d when d.IsTransient || d.SqlState is { } state && IsOutageState(state) => true,
        // A storage error raised in another grain reaches the caller as Orleans' storage exception with
        // the driver's error only in its text, so the SQLSTATE is read from there.
        OrleansException o when WrappedState.Match(o.Message) is { Success: true } m && IsOutageState(m.Groups[1].Value) => true,
        _ => e.InnerException is { } inner && IsDatabaseOutage(inner),
    };

    private static bool IsOutageState(string state) => state.StartsWith("08") || state.StartsWith("57P") || state == "53300";

    private static readonly System.Text.RegularExpressions.Regex WrappedState = new(@"PostgresException[^:]*: ([0-9A-Z]{5}):");
}
