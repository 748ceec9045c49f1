using OrleansSelect.Core.Compute;

namespace OrleansSelect.Core.Analysis;

/// <summary>
/// Answers "with this budget and these models, which selection method and how much data?" from
/// fitted curves. For each fitted method of the asked target, training size and selector (a method
/// without a selector fits any selector): selection costs the fit's measured FLOPs per pool token
/// times the pool's tokens; the rest of the budget trains on as large a fraction of the pool as it
/// pays for (at most all of it), priced by <see cref="FlopModel.TrainFlops"/>, since every fitted
/// curve rises with compute. The plan with the highest expected score wins; the others are kept,
/// best first, for the user to compare. Evaluation FLOPs are not part of the split.
/// </summary>
public static class SelectionPlanner
{
    public static IReadOnlyList<SelectionPlan> Plan(PlanRequest request, IReadOnlyList<UtilityFit> fits)
    {
        Validate(request);
        var methods = request.Methods is { Count: > 0 } asked ? asked : null;
        var covering = fits.Where(f => f.Key.Target == request.Target && f.Key.TrainingSize == request.Training.Name
                                       && (f.Key.SelectorSize.Length == 0 || f.Key.SelectorSize == request.SelectorSize)).ToArray();
        var wanted = methods is null ? covering : covering.Where(f => methods.Contains(f.Key.Method, StringComparer.OrdinalIgnoreCase)).ToArray();
        if (wanted.Length == 0)
            throw new UserInputException(
                $"No fit covers {(methods is null ? "any method" : "method(s) " + string.Join(", ", methods))} for training size '{request.Training.Name}' " +
                $"with selector '{request.SelectorSize}' on target '{request.Target}'; run a sweep of those methods at that training size and selector over several fractions, then `fit` its results.");
        var unpriced = wanted.Where(f => !double.IsFinite(f.SelectionFlopsPerPoolToken)).Select(f => f.Key.Method).ToArray();
        if (unpriced.Length == wanted.Length)
            throw new UserInputException(
                $"The fits of {string.Join(", ", unpriced)} carry no selection cost (they came from a CSV of published points); fit a sweep's results table to plan.");

        double trainWholePool = FlopModel.TrainFlops(request.Training, request.PoolTokens, request.Training.ContextLength);
        var plans = new List<SelectionPlan>();
        foreach (var fit in wanted.Where(f => double.IsFinite(f.SelectionFlopsPerPoolToken)))
        {
            double selection = fit.SelectionFlopsPerPoolToken * request.PoolTokens;
            if (selection >= request.BudgetFlops) continue;
            double fraction = Math.Min(1.0, (request.BudgetFlops - selection) / trainWholePool);
            long tokens = (long)Math.Floor(fraction * request.PoolTokens);
            if (tokens == 0) continue;
            double training = FlopModel.TrainFlops(request.Training, tokens, request.Training.ContextLength);
            double compute = selection + training;
            plans.Add(new SelectionPlan(fit.Key.Method, fit.Key.SelectorSize, fraction, selection, training,
                fit.Predict(compute), fit.PredictStandardError(compute), fit));
        }
        if (plans.Count == 0)
        {
            var cheapest = wanted.Where(f => double.IsFinite(f.SelectionFlopsPerPoolToken)).MinBy(f => f.SelectionFlopsPerPoolToken)!;
            throw new UserInputException(
                $"A budget of {request.BudgetFlops:0.00e+00} FLOPs does not pay for selecting with any fitted method and training on one token; the cheapest, {cheapest.Key.Method}, needs more than {cheapest.SelectionFlopsPerPoolToken * request.PoolTokens:0.00e+00} FLOPs on this pool.");
        }
        return plans.OrderByDescending(p => p.ExpectedScore).ToArray();
    }

    private static void Validate(PlanRequest request)
    {
        if (!(double.IsFinite(request.BudgetFlops) && request.BudgetFlops > 0))
            throw new UserInputException($"The budget must be a positive number of FLOPs, got {request.BudgetFlops}.");
        if (request.PoolTokens <= 0)
            throw new UserInputException($"The pool's token count must be positive, got {request.PoolTokens}.");
    }
}
