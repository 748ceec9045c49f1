namespace OrleansSelect.Core.Analysis;

/// <summary>A fit either gives a curve or says, in one sentence, why it could not.</summary>
public abstract record FitOutcome(FitKey Key);

public sealed record FitSucceeded(UtilityFit Fit) : FitOutcome(Fit.Key);

public sealed record FitFailed(FitKey Key, int Points, string Reason) : FitOutcome(Key);
