using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Reports;
using OrleansSelect.Core.Sweeps;
using OrleansSelect.Grains.Pool;
using OrleansSelect.Models;

namespace OrleansSelect.Silo.Sweeps;

/// <summary>
/// Before a sweep reserves anything: every run's estimated cost (selection from the pool's real token
/// counts, training on its fraction of the pool or its token budget, evaluation) must fit the run's budget, or the sweep
/// is refused with one sentence naming a run that does not fit. A run whose budget ran out halfway
/// would train on less than its fraction and put a wrong point on its method's curve.
/// </summary>
public static class SweepCostCheck
{
    public static async Task CheckAsync(IGrainFactory grains, SweepSpec spec, string source)
    {
        var pool = await grains.GetGrain<IPoolGrain>(spec.Pool).Get()
            ?? throw new UserInputException($"No pool named '{spec.Pool}' has been ingested; run `orleansselect ingest` or give pool_file in {source}.");
        var grid = new SweepGrid(spec);
        double budget = spec.RunBudget(checked((int)grid.Count));
        var poolTokens = new Dictionary<string, long>();
        var evaluation = new Dictionary<(string, string), double>();
        var selection = new Dictionary<(string, string, string, string), double>();
        long over = 0;
        string? example = null;
        foreach (var run in grid.All())
        {
            if (!poolTokens.TryGetValue(run.TrainingSize, out long tokens))
                poolTokens[run.TrainingSize] = tokens = await PoolTokens.CountAsync(grains, pool, run.TrainingSize);
            if (!evaluation.TryGetValue((run.TargetDirectory, run.TrainingSize), out double eval))
                evaluation[(run.TargetDirectory, run.TrainingSize)] = eval = TargetFinetuner.EstimateEvalFlops(run.TrainingSize, TargetTaskStore.Load(run.TargetDirectory));
            var selectionKey = (run.TargetDirectory, run.Method, run.Selector, run.TrainingSize);
            if (!selection.TryGetValue(selectionKey, out double select))
                selection[selectionKey] = select = await grains.GetGrain<ISelectionGrain>($"{run.Key}/select").EstimateFlops(new SelectionRequest(
                    spec.Pool, run.Method, run.TargetDirectory, new SelectionTarget(run.Fraction, run.Tokens), run.Seed, run.Key,
                    run.Selector.Length == 0 ? Workflows.ExperimentSpec.NoSelector : run.Selector, run.TrainingSize));
            var shape = ModelCatalog.Get(run.TrainingSize);
            long trained = run.Fraction is { } fraction ? (long)(fraction * tokens) : Math.Min(run.Tokens!.Value, tokens);
            double train = FlopModel.TrainFlops(shape, trained, shape.ContextLength) * spec.Epochs;
            if (select + train + eval <= budget) continue;
            over++;
            example ??= $"{run.Key} needs about {ReportWriter.Flops(select + train + eval)} (selection {ReportWriter.Flops(select)}, " +
                        $"training on {trained:N0} tokens {ReportWriter.Flops(train)}, evaluation {ReportWriter.Flops(eval)})";
        }
        if (over > 0)
            throw new UserInputException(
                $"The budget of {ReportWriter.Flops(budget)} FLOPs per run in {source} is too small for {over} of its {grid.Count} runs: {example}; raise the budget or drop the largest fractions and sizes.");
    }
}
