using OrleansSelect.Abstractions;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests.Faults;

/// <summary>A selection as a fault test runs it: its own pool, budget and id, waited for the way the CLI waits.</summary>
public static class FaultSelection
{
    private const long TokensPerShard = 8 * TestData.TokensPerExample;

    public static string BudgetOf(string pool) => $"b-{pool}";

    public static string SelectionOf(string pool) => $"s-{pool}";

    public static async Task<SelectionManifest> RunAsync(IGrainFactory grains, string pool, string method, string poolPath, string targetDirectory)
    {
        await PoolIngestion.IngestAsync(grains, pool, poolPath, TokensPerShard);
        await SiloLossRetry.RunAsync(() => grains.GetGrain<IBudgetGrain>(BudgetOf(pool)).Create(1e15));
        return await RunAgainAsync(grains, pool, method, targetDirectory);
    }

    /// <summary>The same selection asked for again (the CLI's `select` run a second time): a resume.</summary>
    public static Task<SelectionManifest> RunAgainAsync(IGrainFactory grains, string pool, string method, string targetDirectory)
    {
        var request = new SelectionRequest(pool, method, targetDirectory, new SelectionTarget(0.05, null), 1, BudgetOf(pool), "none", "test");
        var selection = grains.GetGrain<ISelectionGrain>(SelectionOf(pool));
        return JobPolling.WaitAsync(() => selection.Run(request), selection.GetProgress, onProgress: null);
    }

    /// <summary>
    /// Returns once the selection is in <paramref name="phase"/> and not through it: scoring with a tenth
    /// of its shards done, so some are resumed and some redone; prepare and statistics at once, as the
    /// statistics of a hundred tiny shards can pass in less than two polls.
    /// </summary>
    public static async Task<JobProgress> WaitForPhaseAsync(IGrainFactory grains, string pool, Task running, string phase)
    {
        var selection = grains.GetGrain<ISelectionGrain>(SelectionOf(pool));
        var giveUpAt = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        var seen = new List<string>();
        while (!running.IsCompleted && DateTime.UtcNow < giveUpAt)
        {
            var progress = await selection.GetProgress();
            if (seen.Count == 0 || seen[^1] != progress.Phase)
                seen.Add(progress.Phase);
            if (progress.Phase == phase && progress.Done < progress.Total && (phase != "scoring" || progress.Done >= progress.Total / 10))
                return progress;
            await Task.Delay(20);
        }
        if (running.IsCompleted)
            await running; // surfaces its error
        throw new InvalidOperationException($"the selection of pool {pool} was not seen in its {phase} phase; it ended or stalled first (phases seen: {string.Join(", ", seen)})");
    }
}
