namespace OrleansSelect.Silo.Workflows;

/// <summary>
/// One run of the compute-constrained experiment: select from a pool with a method and train a
/// model of a size, all within one budget. A method that scores with a model of the family uses
/// the <see cref="Selector"/> size. A <see cref="Fraction"/> or <see cref="MaxTokens"/> fixes how much
/// it keeps; without either, the run keeps as many top-ranked tokens as the budget left after
/// selection and evaluation can train on. <see cref="Amortise"/>
/// shares scores computed for another budget instead of charging them here as reused.
/// </summary>
public sealed record ExperimentSpec(
    string RunId,
    string PoolName,
    string TargetDirectory,
    string Method,
    string BudgetName,
    double BudgetFlops,
    string SizeName,
    int Seed = 1,
    int Epochs = 1,
    double? Fraction = null,
    string? BaseCheckpointPath = null,
    string Embedder = "minilm",
    string Selector = ExperimentSpec.NoSelector,
    bool Amortise = false,
    long? MaxTokens = null)
{
    /// <summary>The selector of a method that scores without a model of the family.</summary>
    public const string NoSelector = "none";
}
