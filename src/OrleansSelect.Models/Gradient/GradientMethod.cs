using System.Security.Cryptography;
using OrleansSelect.Core;
using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Models.Tokenization;
using OrleansSelect.Models.Training;

namespace OrleansSelect.Models.Gradient;

/// <summary>
/// gradient (LESS, as the paper runs it). Prepare: a LoRA warmup of the selector on a seeded random
/// share of the pool (a checkpoint per epoch with its AdamW moments; a crash resumes it from the
/// trainer's last step checkpoint; charged as training), then each reference example's plain adapter gradient at every
/// checkpoint, projected and normalised. Shard scoring: at every checkpoint each pool example's
/// Adam-preconditioned gradient, projected and normalised; an example's score is the sum over
/// checkpoints of (the epoch's mean learning rate) × cosine, averaged over a subtask's reference
/// examples, then the maximum over subtasks. Costs: the warmup's training plan, and per example and
/// checkpoint a forward and backward over its tokens plus the 2·P·k projection.
/// </summary>
public sealed class GradientMethod : SelectionMethod<GradientArtifact, NoStatistics>
{
    private readonly Func<ComputeOptions> _compute;

    public GradientMethod(GradientSettings settings, Func<ComputeOptions> compute)
    {
        Options = settings.Validated();
        _compute = compute;
    }

    public GradientSettings Options { get; }

    public override ISelectionMethod WithSettings(MethodSettings settings) =>
        settings.IsEmpty ? this : new GradientMethod(Options.With(settings), _compute);

    public override string Name => "gradient";

    public override string Description =>
        $"LESS: LoRA (rank {Options.LoraRank}) warmup of --selector on a seeded {Options.WarmupFraction:P0} of the pool for {Options.WarmupEpochs} epochs, " +
        $"Adam-preconditioned gradients projected to {Options.ProjectionDimension} dims, learning-rate-weighted cosine to the reference gradients, max over subtasks (--seed draws the warmup sample)";

    public override string Settings => Options.Canonical;

    /// <summary>The seed draws the warmup sample, so it changes the scores.</summary>
    public override bool UsesSeed => true;

    public override bool NeedsPrepare => true;

    public override bool NeedsSelector => true;

    public override PrepareCharge PrepareCharge => PrepareCharge.Training;

    public override double PoolSampleFraction => Options.WarmupFraction;

    /// <summary>The reference gradients at every checkpoint; the warmup is <see cref="EstimatePoolSampleFlops"/>.</summary>
    public override double EstimatePrepareFlops(TargetTask target, long referenceTokens, SelectorModel? selector)
    {
        EnsureReferences(target);
        var model = Model.Of(RequireSelector(selector), Options);
        return Options.WarmupEpochs * target.Reference.Sum(model.FeatureFlops);
    }

    public override double EstimatePoolSampleFlops(int sampleExamples, long sampleTokens, SelectorModel? selector, string? workDirectory)
    {
        var shape = ModelCatalog.Get(RequireSelector(selector).Size);
        if (sampleTokens <= 0)
            throw new UserInputException(
                $"the gradient method's warmup sample ({Options.WarmupFraction:P1} of the pool, drawn with the seed) is empty; raise the warmup fraction or use a larger pool.");
        var plan = WarmupCheckpoints.Plan(shape, Options, sampleTokens);
        var from = workDirectory is null ? null : WarmupCheckpoints.FindResumePoint(shape, Options, plan, sampleExamples, workDirectory);
        return plan.FlopsFrom(from?.Step ?? 0);
    }

    public override double EstimateScoringFlops(ScoringWorkload workload, TargetTask target)
    {
        var model = Model.Of(RequireSelector(workload.Selector), Options);
        if (workload.Texts is { } texts)
            return Options.WarmupEpochs * texts.Sum(model.FeatureFlops);
        // A plan made from counts alone: every example at the mean length's attention cost (longer
        // examples cost more per token, so this is a little under what scoring will charge).
        var meanLength = (int)Math.Clamp(workload.SelectorTokens / Math.Max(1, workload.Examples), 1, model.Shape.ContextLength);
        return Options.WarmupEpochs * FlopModel.GradientFeatureFlops(
            model.Shape, workload.SelectorTokens, meanLength, workload.Examples, model.GradientDimension, model.Projected);
    }

    protected override GradientArtifact PrepareArtifact(TargetTask target, PrepareContext context)
    {
        EnsureReferences(target);
        var selector = RequireSelector(context.Selector);
        var sample = context.PoolSample ?? throw new InvalidOperationException("gradient's prepare needs the pool sample.");
        var model = Model.Of(selector, Options);
        var compute = _compute();
        Directory.CreateDirectory(context.WorkDirectory);

        var data = new PackedSequences(sample.Select(e => (e.Prompt, e.Response)), model.Tokenizer, model.Shape.ContextLength, responseOnly: false);
        var plan = WarmupCheckpoints.Plan(model.Shape, Options, data.StreamLength);
        var warmupFlops = WarmupCheckpoints.Train(model.Shape, selector, Options, data, compute, context.WorkDirectory,
            flops => context.FlopsDone.Report(flops), context.Cancellation);

        var artifact = new GradientArtifact { ReferenceSubtasks = target.Reference.Select(Subtask).ToArray() };
        var flopsDone = warmupFlops;
        for (var epoch = 1; epoch <= Options.WarmupEpochs; epoch++)
        {
            var path = WarmupCheckpoints.PathOf(context.WorkDirectory, epoch);
            using var gpt = model.Load(path, compute, optimizer: null);
            var features = model.Features(gpt.Model, adam: null).Compute(target.Reference, batch =>
            {
                flopsDone += batch.Sum(model.FeatureFlops);
                context.FlopsDone.Report(flopsDone);
            }, context.Cancellation);
            artifact.Checkpoints.Add(new GradientCheckpoint
            {
                Epoch = epoch,
                LearningRate = WarmupCheckpoints.MeanLearningRate(plan, Options, epoch),
                Path = path,
                Sha256 = HashOf(path),
                ReferenceFeatures = features,
            });
        }
        return artifact;
    }

    protected override IReadOnlyList<double> Score(
        IReadOnlyList<PoolExample> shard, TargetTask target, GradientArtifact? artifact, NoStatistics? global, int seed,
        SelectorModel? selector, ScoringProgress progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(artifact, "the warmup checkpoints and reference gradients (gradient's prepared artifact)");
        var model = Model.Of(RequireSelector(selector), Options);
        var compute = _compute();
        var subtasks = artifact.ReferenceSubtasks.Distinct(StringComparer.Ordinal).ToArray();
        var subtaskOf = artifact.ReferenceSubtasks.Select(s => Array.IndexOf(subtasks, s)).ToArray();
        var perSubtask = new double[shard.Count, subtasks.Length];
        var flops = 0.0;
        foreach (var checkpoint in artifact.Checkpoints)
        {
            if (HashOf(checkpoint.Path) != checkpoint.Sha256)
                throw new InvalidOperationException($"the warmup checkpoint {checkpoint.Path} changed since prepare made it; run the selection again.");
            using var optimizer = new LoadedOptimizer();
            using var gpt = model.Load(checkpoint.Path, compute, optimizer);
            using var adam = new AdamPreconditioner(optimizer.Value!, gpt.Gradients.AdapterNames);
            var features = model.Features(gpt.Model, adam).Compute(shard, batch =>
            {
                flops += batch.Sum(model.FeatureFlops);
                progress.FlopsDone(flops);
            }, cancellation);
            var counts = new int[subtasks.Length];
            foreach (var s in subtaskOf) counts[s]++;
            for (var i = 0; i < shard.Count; i++)
            {
                var sums = new double[subtasks.Length];
                for (var r = 0; r < subtaskOf.Length; r++)
                    sums[subtaskOf[r]] += Dot(features[i], checkpoint.ReferenceFeatures[r]);
                for (var s = 0; s < subtasks.Length; s++)
                    perSubtask[i, s] += checkpoint.LearningRate * sums[s] / counts[s];
            }
        }
        var scores = new double[shard.Count];
        for (var i = 0; i < shard.Count; i++)
        {
            scores[i] = double.NegativeInfinity;
            for (var s = 0; s < subtasks.Length; s++)
                scores[i] = Math.Max(scores[i], perSubtask[i, s]);
        }
        return scores;
    }

    /// <summary>A target's subtasks come from its reference examples' task field; one subtask when there is none.</summary>
    public static string Subtask(PoolExample reference) => reference.Task ?? "";

    private void EnsureReferences(TargetTask target)
    {
        if (target.Reference.Count == 0)
            throw new UserInputException($"target '{target.Name}' has no reference examples; the gradient method compares pool gradients with theirs.");
    }

    private SelectorModel RequireSelector(SelectorModel? selector) =>
        selector ?? throw new UserInputException("method 'gradient' scores with a selector model; give --selector SIZE (e.g. nano).");

    private static double Dot(float[] a, float[] b)
    {
        var dot = 0.0;
        for (var d = 0; d < a.Length; d++)
            dot += (double)a[d] * b[d];
        return dot;
    }

    private static string HashOf(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The selector as this method uses it: its shape, tokenizer, gradient length P and projection.</summary>
    private sealed record Model(ModelShape Shape, ITokenizer Tokenizer, long GradientDimension, int Projected, RademacherProjection Projection, GradientSettings Options)
    {
        public static Model Of(SelectorModel selector, GradientSettings options)
        {
            var shape = ModelCatalog.Get(selector.Size);
            var gradientDimension = shape.LoraParameters(options.LoraRank);
            var projected = options.ProjectedDimension(gradientDimension);
            return new Model(shape, TokenCounting.TokenizerFor(selector.Size), gradientDimension, projected,
                new RademacherProjection(gradientDimension, projected, options.ProjectionSeed), options);
        }

        /// <summary>One example at one checkpoint: a forward and backward over its tokens, at its own length, and its projection.</summary>
        public double FeatureFlops(PoolExample example)
        {
            var tokens = ExampleGradients.ComputedTokens(Tokenizer, example, Shape.ContextLength);
            return FlopModel.GradientFeatureFlops(Shape, tokens, tokens, 1, GradientDimension, Projected);
        }

        public LoadedSelector Load(string checkpointPath, ComputeOptions compute, LoadedOptimizer? optimizer)
        {
            var gpt = ModelFactory.Create(Shape, compute, seed: 0, checkpointPath: null, Options.LoraRank);
            var gradients = new ExampleGradients(gpt, Tokenizer);
            if (optimizer is not null)
                optimizer.Value = new AdamW(gpt.named_parameters().Where(p => p.parameter.requires_grad));
            Checkpoint.Load(checkpointPath, gpt, optimizer?.Value);
            return new LoadedSelector(gpt, gradients);
        }

        public GradientFeatures Features(Gpt model, AdamPreconditioner? adam) =>
            new(new ExampleGradients(model, Tokenizer), adam, Projection);
    }

    private sealed class LoadedOptimizer : IDisposable
    {
        public AdamW? Value { get; set; }

        public void Dispose() => Value?.Dispose();
    }

    private sealed record LoadedSelector(Gpt Model, ExampleGradients Gradients) : IDisposable
    {
        public void Dispose() => Model.Dispose();
    }
}
