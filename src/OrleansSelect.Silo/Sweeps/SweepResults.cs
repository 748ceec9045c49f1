using OrleansSelect.Abstractions;
using OrleansSelect.Core.Analysis;
using OrleansSelect.Core.Compute;

namespace OrleansSelect.Silo.Sweeps;

/// <summary>
/// A sweep run's record as a results row. Total FLOPs are the paper's C, selection plus training
/// (evaluation has its own column). The selection's manifest does not split prepare from scoring,
/// so all of it is in the scoring column. A run sized by a token budget has as its fraction the
/// share of the pool's tokens it really selected, so it lands on the same axis as fraction runs.
/// </summary>
public static class SweepResults
{
    public static RunResult ToRunResult(SweepRunRecord r) => new(
        r.TargetName, r.Request.Method, r.Request.Selector, r.Request.Selector.Length == 0 ? 0 : Parameters(r.Request.Selector),
        r.Request.TrainingSize, Parameters(r.Request.TrainingSize), Fraction(r), r.PoolTokens, r.Tokens, r.Request.Seed,
        PrepareFlops: 0, ScoringFlops: r.SelectionFlops, r.TrainingFlops, r.EvaluationFlops, TotalFlops: r.SelectionFlops + r.TrainingFlops,
        r.Accuracy, r.RawAccuracy, r.BitsPerByte, r.WallSeconds);

    private static double Fraction(SweepRunRecord r) =>
        r.Request.Fraction ?? (r.PoolTokens > 0 ? (double)r.Tokens / r.PoolTokens : 0);

    // Non-embedding parameters, the count the model catalog and the paper's ratios use.
    private static long Parameters(string size) => ModelCatalog.Get(size).NonEmbeddingParameters;
}
