namespace OrleansSelect.Core.Analysis;

/// <summary>
/// What the user fixes instead of deriving it from the runs: the full-data training cost C_D and
/// the full-data score P̄ (null = derive them per target and training size).
/// </summary>
public sealed record FitSettings(double? FullDataFlops = null, double? FullDataScore = null)
{
    public void Validate()
    {
        if (FullDataFlops is { } cd && !(double.IsFinite(cd) && cd > 0))
            throw new UserInputException($"--c-d must be a positive number of FLOPs, got {cd}.");
        if (FullDataScore is { } p && !(double.IsFinite(p) && p > 0))
            throw new UserInputException($"--p-bar must be a positive score, got {p}.");
    }
}
