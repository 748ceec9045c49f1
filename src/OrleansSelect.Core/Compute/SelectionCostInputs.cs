using OrleansSelect.Core.Selection;

namespace OrleansSelect.Core.Compute;

/// <summary>
/// What the cost of a selection method and a training run depends on, in the plain-parameter form
/// (models known by their parameter count). A method's own settings (LESS's warmup and projection,
/// perplexity's finetune epochs) have no defaults here: the caller passes the method's, so `cost`
/// estimates what `select` runs (the CLI takes them from the methods' settings).
/// </summary>
public sealed record SelectionCostInputs
{
    public required string Method { get; init; }

    /// <summary>N: parameters of the model that is finetuned on the selection.</summary>
    public required double TrainParameters { get; init; }

    /// <summary>S: parameters of the model that scores (embedder, perplexity or gradient selector).</summary>
    public double? SelectorParameters { get; init; }

    /// <summary>D: tokens in the whole pool.</summary>
    public required double PoolTokens { get; init; }

    /// <summary>n: examples in the pool (the gradient method projects one gradient per example).</summary>
    public long? PoolExamples { get; init; }

    /// <summary>F: the share of the pool's tokens that is kept and trained on, in (0, 1].</summary>
    public double Fraction { get; init; } = 1.0;

    /// <summary>E: LESS's warmup epochs, a checkpoint each (gradient).</summary>
    public int? WarmupEpochs { get; init; }

    /// <summary>w: the share of the pool LESS warms up on (gradient).</summary>
    public double? WarmupFraction { get; init; }

    /// <summary>k: the dimension LESS projects each gradient to (gradient).</summary>
    public int? ProjectionDimension { get; init; }

    /// <summary>P: the length of one example's gradient (the LoRA parameters, for LESS).</summary>
    public long? GradientDimension { get; init; }

    /// <summary>R: tokens in the target's reference examples.</summary>
    public double ReferenceTokens { get; init; }

    /// <summary>r: the target's reference examples.</summary>
    public long ReferenceExamples { get; init; }

    /// <summary>Epochs of the perplexity selector's finetune on the reference examples (perplexity).</summary>
    public int? ReferenceEpochs { get; init; }

    /// <summary>Rejects every bad value with one sentence naming the option and the reason.</summary>
    public void Validate()
    {
        if (!SelectionCost.Methods.Contains(Method, StringComparer.OrdinalIgnoreCase))
            throw new UserInputException($"unknown method '{Method}'; known methods: {string.Join(", ", SelectionCost.Methods)}.");
        Positive("--train-params", TrainParameters);
        Positive("--pool-tokens", PoolTokens);
        SelectionCriterion.OfFraction(Fraction);
        if (SelectorParameters is { } selector)
            Positive("--selector-params", selector);
        if (PoolExamples is { } examples)
            Positive("--pool-examples", examples);
        if (GradientDimension is { } gradient)
            Positive("--gradient-dim", gradient);
        if (WarmupEpochs is { } epochs)
            Positive("--warmup-epochs", epochs);
        if (ProjectionDimension is { } projection)
            Positive("--projection-dim", projection);
        if (ReferenceEpochs is { } referenceEpochs)
            Positive("reference epochs", referenceEpochs);
        if (WarmupFraction is { } warmup && !(warmup > 0 && warmup <= 1))
            throw new UserInputException($"--warmup-fraction must be in (0, 1], got {warmup}.");
        if (ReferenceTokens < 0 || !double.IsFinite(ReferenceTokens))
            throw new UserInputException($"--reference-tokens must be zero or more, got {ReferenceTokens}.");
        if (ReferenceExamples < 0)
            throw new UserInputException($"--reference-examples must be zero or more, got {ReferenceExamples}.");

        var method = Method.ToLowerInvariant();
        if (method is "embed" or "perplexity" or "gradient" && SelectorParameters is null)
            throw new UserInputException($"method '{method}' scores with a model: give its parameter count with --selector-params.");
        if (method == "gradient" && PoolExamples is null)
            throw new UserInputException("method 'gradient' projects one gradient per example: give the pool's example count with --pool-examples.");
        if (method == "gradient" && GradientDimension is null)
            throw new UserInputException("method 'gradient' projects each example's gradient: give its length (the LoRA parameter count) with --gradient-dim.");
        if (method == "gradient" && (WarmupEpochs is null || WarmupFraction is null || ProjectionDimension is null))
            throw new ArgumentException("gradient's cost needs its warmup epochs, warmup fraction and projection dimension.");
        if (method == "perplexity" && ReferenceEpochs is null)
            throw new ArgumentException("perplexity's cost needs the epochs of its reference finetune.");
    }

    private static void Positive(string option, double value)
    {
        if (!(value > 0) || !double.IsFinite(value))
            throw new UserInputException($"{option} must be a positive number, got {value}.");
    }
}
