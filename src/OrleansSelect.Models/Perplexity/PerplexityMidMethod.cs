using OrleansSelect.Core.Selection;

namespace OrleansSelect.Models.Perplexity;

/// <summary>
/// perplexity-mid: the examples perplexity keeps, with its scores and finetuned selector (cached
/// under perplexity's name), trained in the paper's curriculum order (<see cref="CurriculumOrder"/>).
/// The selection's manifest is in that order and the trainer keeps it.
/// </summary>
public sealed class PerplexityMidMethod(ComputeOptions compute) : PerplexityMethod(compute)
{
    public override string Name => "perplexity-mid";

    public override string ScoringName => base.Name;

    public override string Description =>
        "perplexity's selection and scores, trained in curriculum order: the middle third of the ranking, then the lowest-perplexity third, " +
        "then the highest, each third shuffled with the seed";

    public override IReadOnlyList<ScoredExample> TrainingOrder(IReadOnlyList<ScoredExample> ranked, int seed) =>
        CurriculumOrder.MiddleLowHigh(ranked, seed);
}
