using System.Globalization;
using OrleansSelect.Core.Compute;

namespace OrleansSelect.Core.Analysis;

/// <summary>
/// The model size a plan is for: named (--train-size), or the experiment size whose non-embedding
/// parameter count is within a factor 1.5 of the one asked for (--train-params), since fits exist per size.
/// </summary>
public static class TrainingSizeChoice
{
    public const double Tolerance = 1.5;

    public static ModelShape Resolve(string? sizeName, double? parameters)
    {
        if (sizeName is null == parameters is null)
            throw new UserInputException("Give the model to train with exactly one of --train-size and --train-params.");
        if (sizeName is not null)
            return ModelCatalog.Get(sizeName);
        var closest = ModelCatalog.ExperimentNames.Select(ModelCatalog.Get)
            .MinBy(s => Math.Abs(Math.Log(s.NonEmbeddingParameters / parameters!.Value)))!;
        double ratio = closest.NonEmbeddingParameters / parameters!.Value;
        if (ratio > Tolerance || ratio < 1 / Tolerance)
            throw new UserInputException(string.Create(CultureInfo.InvariantCulture,
                $"No model size has about {parameters:0.###e+0} parameters (fits exist per size); the sizes have {string.Join(", ", ModelCatalog.ExperimentNames.Select(n => $"{n} {ModelCatalog.Get(n).NonEmbeddingParameters:0.##e+0}"))}."));
        return closest;
    }
}
