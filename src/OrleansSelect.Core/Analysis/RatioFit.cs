namespace OrleansSelect.Core.Analysis;

/// <summary>
/// A fitted curve placed at a size ratio: the trained model's parameters over the selector's. A
/// method without a selector (random, bm25) is listed at every ratio of its training size.
/// </summary>
public sealed record RatioFit(double Ratio, UtilityFit Fit);
