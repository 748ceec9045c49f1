namespace OrleansSelect.Silo.Workflows;

/// <summary>
/// One run of the compute-constrained experiment: select from a pool with a method and train a
/// model of a size, all within one budget. Without a fraction, the run keeps as many top-ranked
/// tokens as the budget left after selection and evaluation can train on. <see cref="Selector"/> is
/// the selector size of a model-based method ("none" for the others); <see cref="Amortise"/> shares
/// scores computed for another budget instead of charging them here as reused.
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
    string Selector = "none",
    bool Amortise = false);
