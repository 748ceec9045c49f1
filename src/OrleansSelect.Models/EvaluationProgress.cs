namespace OrleansSelect.Models;

/// <summary>
/// Reported before each evaluation batch runs: what the evaluation will have spent once that batch
/// is done, so a spend ceiling can be raised before the work passes it.
/// </summary>
public sealed record EvaluationProgress(int Batch, int TotalBatches, double FlopsWhenDone);
