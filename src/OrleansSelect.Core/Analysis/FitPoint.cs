namespace OrleansSelect.Core.Analysis;

/// <summary>One run as the fit sees it: its total compute and its score.</summary>
public readonly record struct FitPoint(double Flops, double Score);
