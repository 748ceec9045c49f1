namespace OrleansSelect.Core.Analysis;

/// <summary>
/// What one utility curve describes: a method (with its selector size, empty when the method has no
/// selector model) choosing data for one training size on one target. Published numbers read from a
/// plain CSV have only a method; their target and sizes are empty.
/// </summary>
public sealed record FitKey(string Target, string TrainingSize, string Method, string SelectorSize)
{
    public override string ToString()
    {
        var method = SelectorSize.Length == 0 ? Method : $"{Method} (selector {SelectorSize})";
        var where = string.Join(", ", new[] { Target, TrainingSize }.Where(s => s.Length > 0));
        return where.Length == 0 ? method : $"{method} for {where}";
    }
}
