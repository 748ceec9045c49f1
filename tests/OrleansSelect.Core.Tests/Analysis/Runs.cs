using OrleansSelect.Core.Analysis;

namespace OrleansSelect.Core.Tests.Analysis;

/// <summary>Hand-made results rows and fits for the analysis tests.</summary>
public static class Runs
{
    public static RunResult Run(string method, double fraction, double totalFlops, double accuracy,
        string selector = "", string trainingSize = "small", double selectionFlops = 0, double trainingFlops = 0, int seed = 1) =>
        new("yelp", method, selector, selector.Length == 0 ? 0 : 790_000, trainingSize, 4_700_000, fraction,
            PoolTokens: 1_000_000, Tokens: (long)(fraction * 1_000_000), seed, PrepareFlops: selectionFlops / 2, ScoringFlops: selectionFlops / 2,
            TrainingFlops: trainingFlops, EvaluationFlops: 1e9, TotalFlops: totalFlops, Accuracy: accuracy, RawAccuracy: accuracy - 0.01,
            BitsPerByte: 1.5, WallSeconds: 12.5);

    public static UtilityFit Fit(string method, double p0, double lambda, double minFlops, string selector = "",
        string trainingSize = "small", double pBar = 0.8, double cD = 1e15, double selectionPerToken = 0,
        double p0Error = 0.01, double lambdaError = 0.1) =>
        new(new FitKey("yelp", trainingSize, method, selector), pBar, cD, p0, lambda, p0Error, lambdaError, 0, 0.99, 8,
            minFlops, 1e16, selectionPerToken);
}
