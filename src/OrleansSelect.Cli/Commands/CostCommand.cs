using System.CommandLine;
using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Reports;
using OrleansSelect.Models.Perplexity;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>
/// `cost`: what a selection method and the training after it would cost, in FLOPs, line by line
/// with each line's formula. Pure arithmetic from <see cref="SelectionCost"/>: no silo, no budget.
/// A method's settings are the ones `select` runs it with: gradient's options and defaults are
/// shared with `select` (<see cref="GradientOptions"/>), perplexity's finetune epochs are the method's.
/// </summary>
public static class CostCommand
{
    public static Command Create()
    {
        var method = new Option<string>("--method") { Description = $"Selection method: {string.Join(", ", SelectionCost.Methods)}", Required = true };
        var trainParams = new Option<double>("--train-params") { Description = "N: parameters of the model finetuned on the selection, e.g. 7e9", Required = true };
        var selectorParams = new Option<double?>("--selector-params") { Description = "S: parameters of the scoring model (embed, perplexity, gradient)" };
        var poolTokens = new Option<double>("--pool-tokens") { Description = "D: tokens in the whole pool, e.g. 1.09e8", Required = true };
        var poolExamples = new Option<long?>("--pool-examples") { Description = "n: examples in the pool (gradient)" };
        var fraction = new Option<double>("--fraction") { Description = "F: share of the pool's tokens trained on, in (0, 1]", DefaultValueFactory = _ => 1.0 };
        // w, E and k: the same options as `select`'s, with the same defaults and checks.
        var gradient = new GradientOptions();
        var gradientDim = new Option<long?>("--gradient-dim") { Description = "P: length of one example's gradient, the LoRA parameter count (gradient)" };
        var referenceTokens = new Option<double>("--reference-tokens") { Description = "R: tokens in the target's reference examples", DefaultValueFactory = _ => 0 };
        var referenceExamples = new Option<long>("--reference-examples") { Description = "r: the target's reference examples", DefaultValueFactory = _ => 0 };

        var command = new Command("cost", "Estimate the FLOPs of selecting with a method and training on the selection")
        {
            method, trainParams, selectorParams, poolTokens, poolExamples, fraction, gradientDim, referenceTokens, referenceExamples,
        };
        foreach (var option in gradient.All)
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var settings = gradient.Read(parse);
            var inputs = new SelectionCostInputs
            {
                Method = parse.GetValue(method)!,
                TrainParameters = parse.GetValue(trainParams),
                SelectorParameters = parse.GetValue(selectorParams),
                PoolTokens = parse.GetValue(poolTokens),
                PoolExamples = parse.GetValue(poolExamples),
                Fraction = parse.GetValue(fraction),
                WarmupEpochs = settings.WarmupEpochs,
                WarmupFraction = settings.WarmupFraction,
                ProjectionDimension = settings.ProjectionDimension,
                GradientDimension = parse.GetValue(gradientDim),
                ReferenceTokens = parse.GetValue(referenceTokens),
                ReferenceExamples = parse.GetValue(referenceExamples),
                ReferenceEpochs = PerplexityMethod.FinetuneEpochs, // what the perplexity method trains: not a choice of cost's
            };
            Show(inputs.Method, SelectionCost.Estimate(inputs));
            return 0;
        });
        return command;
    }

    private static void Show(string method, IReadOnlyList<CostLine> lines)
    {
        var table = new Table().Title($"cost of {Markup.Escape(method)}").AddColumns("stage", "what", "FLOPs", "formula");
        foreach (var line in lines)
            table.AddRow(line.Stage.ToString().ToLowerInvariant(), Markup.Escape(line.What), ReportWriter.Flops(line.Flops), Markup.Escape(line.Formula));
        foreach (var stage in Enum.GetValues<CostStage>())
            table.AddRow($"{stage.ToString().ToLowerInvariant()} total", "", ReportWriter.Flops(lines.Where(l => l.Stage == stage).Sum(l => l.Flops)), "");
        table.AddRow("total", "", ReportWriter.Flops(SelectionCost.Total(lines)), "");
        AnsiConsole.Write(table);
        if (SelectionCost.PaperComparison(method, lines) is { } comparison)
            AnsiConsole.WriteLine(comparison);
    }
}
