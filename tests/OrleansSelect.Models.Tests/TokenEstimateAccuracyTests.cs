using OrleansSelect.Core;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Data.Jsonl;
using OrleansSelect.Models.Tokenization;

namespace OrleansSelect.Models.Tests;

/// <summary>
/// How closely ingest's token estimate (which sizes shards) tracks the family's BPE, on the real pool
/// and the trained tokenizer when this machine has them under ORLEANSSELECT_HOME (nothing is fetched).
/// </summary>
public class TokenEstimateAccuracyTests
{
    private const int Examples = 20_000, Run = 2_000;

    [Fact]
    public void On_the_real_pool_every_run_of_2000_examples_is_estimated_within_5_percent_of_the_bpe()
    {
        var pool = Path.Combine(AppPaths.DefaultDataDirectory, "built", "yelp", "pool.jsonl");
        var merges = FamilyTokenizer.PathIn(AppPaths.DefaultModelDirectory);
        if (!File.Exists(pool) || !File.Exists(merges)) return; // needs `data build` and `model pretrain` first
        var bpe = BpeTokenizer.Load(merges);

        var pairs = PoolJsonl.Read(pool).Take(Examples)
            .Select(e => (Real: (long)TokenCounting.CountTokens(bpe, e), Estimate: TokenEstimate.Of(e)))
            .ToList();

        var runs = pairs.Chunk(Run).Select(r => r.Sum(p => p.Estimate) / (double)r.Sum(p => p.Real)).ToList();
        Assert.All(runs, ratio => Assert.InRange(ratio, 0.95, 1.05));
        var meanError = pairs.Sum(p => Math.Abs(p.Estimate - p.Real)) / (double)pairs.Sum(p => p.Real);
        Assert.True(meanError < 0.12, $"per-example error {meanError:P1}");
    }
}
