namespace OrleansSelect.Core.Reports;

/// <summary>The line under the demo's table: what the best method bought over random at the same budget.</summary>
public static class DemoVerdict
{
    public static string? Describe(IReadOnlyList<RunReport> runs)
    {
        var random = runs.FirstOrDefault(r => r.Method == "random");
        var best = runs.Where(r => r.Method != "random").MaxBy(r => r.Accuracy);
        if (random is null || best is null)
            return null;
        double points = 100 * (best.Accuracy - random.Accuracy);
        return points > 0
            ? $"{best.Method} beats random by {points:F1} points of accuracy ({100 * best.Accuracy:F1}% against {100 * random.Accuracy:F1}%) at the same budget."
            : $"no method beats random here ({100 * random.Accuracy:F1}%; best other: {best.Method}, {100 * best.Accuracy:F1}%): at this budget, selection bought nothing.";
    }
}
