using System.Security.Cryptography;
using OrleansSelect.Core;
using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Models.Selectors;
using OrleansSelect.Models.Training;

namespace OrleansSelect.Models.Perplexity;

/// <summary>
/// perplexity (as the paper's code does it): prepare finetunes the selector from its pretrained
/// base on the target's reference examples (the one finetune path, charged as training, a
/// checkpoint per epoch in the work folder to resume from); a shard then gives each example its
/// mean token negative log-likelihood under the finetuned selector, and the k lowest are kept.
/// The seam selects the highest score first, so the score is −NLL. The finetune's shuffles use a
/// fixed seed and scoring none: one scoring serves every seed.
/// </summary>
public class PerplexityMethod(ComputeOptions compute) : SelectionMethod<FinetunedSelector, NoStatistics>
{
    /// <summary>Epochs of the selector's finetune over the reference examples.</summary>
    public const int FinetuneEpochs = 3;

    /// <summary>The finetune's own seed: the scores must not depend on the selection's.</summary>
    public const int FinetuneSeed = 0;

    private const string CheckpointFile = "finetuned.ckpt";

    public override string Name => "perplexity";

    public override string Description =>
        $"keeps the lowest mean token negative log-likelihood under the selector (--selector) finetuned on the reference examples " +
        $"({FinetuneEpochs} epochs, batches of {TargetFinetuner.DefaultBatchSize} rows, every token learned); the score is −NLL; no seed";

    public override string Settings => $"epochs={FinetuneEpochs};batch={TargetFinetuner.DefaultBatchSize};loss=all-tokens;seed={FinetuneSeed}";

    public override bool UsesSeed => false;

    public override bool NeedsPrepare => true;

    public override bool NeedsSelector => true;

    public override PrepareCharge PrepareCharge => PrepareCharge.Training;

    public override double EstimatePrepareFlops(TargetTask target, long referenceTokens, SelectorModel? selector) =>
        TargetFinetuner.EstimateTrainFlops(Job(target, Require(selector), workDirectory: null));

    public override double EstimateRemainingPrepareFlops(TargetTask target, long referenceTokens, SelectorModel? selector, string workDirectory) =>
        TargetFinetuner.EstimateTrainFlops(Job(target, Require(selector), workDirectory));

    protected override FinetunedSelector PrepareArtifact(TargetTask target, PrepareContext context)
    {
        var selector = Require(context.Selector);
        var (model, _) = TargetFinetuner.Train(Job(target, selector, context.WorkDirectory), new FlopsReporter(context.FlopsDone), context.Cancellation);
        using (model)
        {
            var path = Path.GetFullPath(Path.Combine(context.WorkDirectory, CheckpointFile));
            Checkpoint.Save(path, model, optimizer: null);
            using var stream = File.OpenRead(path);
            return new FinetunedSelector { Size = selector.Size, CheckpointPath = path, CheckpointHash = Convert.ToHexStringLower(SHA256.HashData(stream)) };
        }
    }

    /// <summary>2·N_selector per token scored, from the counts under the selector's tokenizer (exact: every token is scored once).</summary>
    public override double EstimateScoringFlops(ScoringWorkload workload, TargetTask target) =>
        SelectorPasses.Flops(ModelCatalog.Get(Require(workload.Selector).Size), workload.SelectorTokens);

    protected override IReadOnlyList<double> Score(
        IReadOnlyList<PoolExample> shard, TargetTask target, FinetunedSelector? artifact, NoStatistics? global, int seed,
        SelectorModel? selector, ScoringProgress progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(artifact, "the finetuned selector (perplexity's prepared artifact)");
        var shape = ModelCatalog.Get(artifact.Size);
        var model = SelectorModelCache.Get(artifact.Size, artifact.CheckpointPath, artifact.CheckpointHash, compute);
        var nll = SelectorPasses.MeanNegativeLogLikelihood(model, shape, shard, TokenCounting.TokenizerFor(artifact.Size),
            ModelFactory.DeviceFor(compute), Workers, progress.FlopsDone, cancellation);
        return nll.Select(v => -v).ToArray();
    }

    /// <summary>Batches scored side by side, one per core the silo gave its torch work.</summary>
    private int Workers => Math.Max(1, compute.Threads);

    /// <summary>
    /// The selector's finetune; with a work folder, it checkpoints there as every training run does and
    /// resumes from the newest good checkpoint it finds (so the estimate covers only what is left).
    /// </summary>
    private FinetuneJob Job(TargetTask target, SelectorModel selector, string? workDirectory)
    {
        if (target.Reference.Count == 0)
            throw new UserInputException($"target '{target.Name}' has no reference examples; {Name} finetunes the selector on them.");
        var references = TrainingTokens.Of(target.Reference.Select(e => (e.Prompt, e.Response)), TokenCounting.TokenizerFor(selector.Size));
        var job = new FinetuneJob(selector.Size, selector.CheckpointPath, references, target, double.MaxValue, FinetuneEpochs, FinetuneSeed,
            compute, ResponseLossWeight: 1.0);
        if (workDirectory is null)
            return job;
        var checkpointing = new RunCheckpointing(workDirectory, CheckpointEverySteps);
        job = job with { Checkpointing = checkpointing };
        return job with { Checkpointing = checkpointing with { From = TargetFinetuner.FindResumePoint(job, rejected: []) } };
    }

    /// <summary>The reference finetune is a handful of steps (32 yelp references pack into a few rows): a checkpoint after every one.</summary>
    private const int CheckpointEverySteps = 1;

    private SelectorModel Require(SelectorModel? selector) =>
        selector ?? throw new InvalidOperationException($"{Name} scores with a selector model, and none was given.");

    /// <summary>Passes the finetune's FLOPs so far to prepare's spend ceiling, as they happen.</summary>
    private sealed class FlopsReporter(IProgress<double> flopsDone) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => flopsDone.Report(value.FlopsSoFar);
    }
}
