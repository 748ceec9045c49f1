namespace OrleansSelect.Core.Data;

/// <summary>
/// A target task: the few reference examples a user has (selection compares the pool with them)
/// and a disjoint test set the finetuned model is measured on. For a classification target,
/// <see cref="Labels"/> lists the possible responses; evaluation picks the most likely one.
/// </summary>
public sealed record TargetTask(
    string Name,
    IReadOnlyList<PoolExample> Reference,
    IReadOnlyList<PoolExample> Test,
    IReadOnlyList<string> Labels)
{
    public bool IsClassification => Labels.Count > 1;
}
