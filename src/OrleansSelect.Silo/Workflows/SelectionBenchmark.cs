using System.Diagnostics;
using OrleansSelect.Abstractions;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;

namespace OrleansSelect.Silo.Workflows;

/// <summary>One method's figures in `bench select`: wall time end to end and of the scoring phase, and throughput.</summary>
public sealed record SelectionBenchmarkRow(
    string Method, string Selector, int Examples, long Tokens, TimeSpan Wall, TimeSpan ScoringWall, double SelectionFlops)
{
    public double ExamplesPerSecond => Examples / Math.Max(1e-9, ScoringWall.TotalSeconds);

    public double TokensPerSecond => Tokens / Math.Max(1e-9, ScoringWall.TotalSeconds);
}

/// <summary>The silo's start and the pool's ingest, timed once per benchmark.</summary>
public sealed record SelectionBenchmarkSetup(TimeSpan SiloStart, TimeSpan Ingest, int Examples, int Shards);

/// <summary>
/// `bench select`: every method selects from the same pool through a fresh embedded silo (a state
/// folder of its own, so nothing is served from a cache), one method at a time. Scoring wall time is
/// from the first poll that shows the scoring phase to the manifest; the end-to-end time covers prepare
/// and statistics too. Tokens are the pool's under the selector's tokenizer for a model-based method,
/// under the training size's otherwise.
/// </summary>
public static class SelectionBenchmark
{
    public static async Task<(SelectionBenchmarkSetup Setup, IReadOnlyList<SelectionBenchmarkRow> Rows)> RunAsync(
        string poolPath, string targetDirectory, IReadOnlyList<(ISelectionMethod Method, string Selector)> methods,
        SelectionTarget target, string tokenizerSize, Action<string> status, CancellationToken cancellation)
    {
        var state = Path.Combine(Path.GetTempPath(), $"orleansselect-bench-{Guid.NewGuid():N}");
        try
        {
            var clock = Stopwatch.StartNew();
            await using var silo = await EmbeddedSilo.StartAsync(state, new SiloComputeOptions(), cancellation: cancellation);
            var siloStart = clock.Elapsed;

            status("ingesting the pool");
            clock.Restart();
            var pool = await PoolIngestion.IngestAsync(silo.Grains, "bench", poolPath, PoolIngestion.DefaultTokensPerShard, cancellation);
            var setup = new SelectionBenchmarkSetup(siloStart, clock.Elapsed, pool.ExampleCount, pool.Shards.Count);

            var rows = new List<SelectionBenchmarkRow>();
            foreach (var (method, selector) in methods)
            {
                var label = method.Embedder is null ? method.Name : $"{method.Name} ({method.Embedder})";
                var budgetName = $"bench-{rows.Count}";
                await silo.Grains.GetGrain<IBudgetGrain>(budgetName).Create(1e30);
                var request = new SelectionRequest("bench", method.Name, targetDirectory, target, 1, budgetName,
                    method.NeedsSelector ? selector : "none", tokenizerSize, method.Embedder ?? SelectionMethods.DefaultEmbedder);
                var grain = silo.Grains.GetGrain<ISelectionGrain>($"bench-{rows.Count}");
                TimeSpan? scoringStarted = null;
                clock.Restart();
                var manifest = await JobPolling.WaitAsync(() => grain.Run(request), grain.GetProgress, p =>
                {
                    if (p.Phase == "scoring" && scoringStarted is null) scoringStarted = clock.Elapsed;
                    status($"{label}: {p.Phase} {p.Done}/{p.Total} {p.Detail}");
                }, cancellation);
                var wall = clock.Elapsed;
                var countingSize = method.NeedsSelector ? selector : tokenizerSize;
                long tokens = await OrleansSelect.Grains.Pool.PoolTokens.CountAsync(silo.Grains, pool, countingSize);
                rows.Add(new SelectionBenchmarkRow(label, method.NeedsSelector ? selector : "-", pool.ExampleCount, tokens,
                    wall, wall - (scoringStarted ?? TimeSpan.Zero), manifest.SelectionFlops));
            }
            return (setup, rows);
        }
        finally
        {
            try { Directory.Delete(state, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
