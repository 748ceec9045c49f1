namespace OrleansSelect.Core.Scoring.Dsir;

/// <summary>
/// DSIR's resampling without replacement, as a key per example: key = log w + G with G a standard
/// Gumbel draw, so the top k keys are a sample of k examples drawn without replacement with
/// probability proportional to w (the Gumbel-top-k trick). G comes from the same seeded uniform
/// as the random method (<see cref="RandomScorer.UniformScore"/>), so a key depends only on the
/// seed, the example's id and its weight: the same on any sharding, machine or rerun.
/// </summary>
public static class GumbelKeys
{
    /// <summary>A standard Gumbel draw for (seed, example id): −ln(−ln u).</summary>
    public static double Noise(int seed, string exampleId)
    {
        // UniformScore lies on the grid k·2^-53 in [0, 1); half a step moves it into the open (0, 1), where both logs are finite.
        var u = RandomScorer.UniformScore(seed, exampleId) + Math.ScaleB(1.0, -54);
        return -Math.Log(-Math.Log(u));
    }

    /// <summary>The perturbed key a top-k selects on.</summary>
    public static double Key(double logWeight, int seed, string exampleId) => logWeight + Noise(seed, exampleId);
}
