namespace OrleansSelect.Models;

/// <summary>Reported after every training step.</summary>
public sealed record TrainingProgress(int Step, int TotalSteps, double Loss, double TokensPerSecond, double FlopsSoFar);
