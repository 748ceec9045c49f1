namespace OrleansSelect.Core.Scoring;

/// <summary>
/// Okapi BM25's two parameters: <see cref="K1"/> saturates term frequency, <see cref="B"/> scales
/// the length normalisation (0 = none, 1 = full). The defaults are rank_bm25's, which the paper's
/// code uses. There is no epsilon: the idf used here is never negative (see <see cref="Bm25Scorer"/>).
/// </summary>
public sealed record Bm25Options(double K1 = 1.5, double B = 0.75)
{
    public void Validate()
    {
        if (!(K1 >= 0) || double.IsInfinity(K1))
            throw new UserInputException($"bm25 k1 must be a finite number >= 0, got {K1}.");
        if (!(B >= 0 && B <= 1))
            throw new UserInputException($"bm25 b must be in [0, 1], got {B}.");
    }
}
