using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using OrleansSelect.Core;

namespace OrleansSelect.Grains.Services;

/// <summary>
/// Repeats a grain call that failed because the silo holding the grain (or the gateway carrying the
/// call) died. Once membership declares that silo dead, the same call activates the grain on a
/// survivor from its persisted state; every job call here is idempotent by its ids, so repeating
/// one resumes the work rather than doubling it. Other failures pass through at once.
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
            catch (Exception e) when (IsSiloLoss(e))
            {
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
        AggregateException { InnerExceptions.Count: 1 } a => IsSiloLoss(a.InnerException!),
        _ => false,
    };
}
