namespace OrleansSelect.Core.Analysis;

/// <summary>At one budget, the curve on the fitted frontier and the score it predicts.</summary>
public sealed record FittedFrontierPoint(double Budget, UtilityFit Fit, double Score);
