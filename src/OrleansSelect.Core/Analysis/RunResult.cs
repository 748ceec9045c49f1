namespace OrleansSelect.Core.Analysis;

/// <summary>
/// One sweep run's outcome: which method chose data with which selector, which model trained on how
/// much of the pool, what each phase cost and how well the trained model did on the target.
/// A method without a selector model (random, bm25) has an empty <see cref="SelectorSize"/> and
/// zero <see cref="SelectorParameters"/>. <see cref="PoolTokens"/> is the whole pool's token count,
/// so the cost of training on all of it can be derived; <see cref="Tokens"/> is what was selected.
/// </summary>
public sealed record RunResult(
    string Target,
    string Method,
    string SelectorSize,
    long SelectorParameters,
    string TrainingSize,
    long TrainingParameters,
    double Fraction,
    long PoolTokens,
    long Tokens,
    int Seed,
    double PrepareFlops,
    double ScoringFlops,
    double TrainingFlops,
    double EvaluationFlops,
    double TotalFlops,
    double Accuracy,
    double RawAccuracy,
    double BitsPerByte,
    double WallSeconds)
{
    /// <summary>Everything spent choosing the data, before training starts.</summary>
    public double SelectionFlops => PrepareFlops + ScoringFlops;

    /// <summary>The run trained on the whole pool (the paper's full-data score P̄ comes from such runs).</summary>
    public bool IsFullData => Fraction >= 1.0;
}
