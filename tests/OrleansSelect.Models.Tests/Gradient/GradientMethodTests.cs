using System.Security.Cryptography;
using System.Text.Json;
using OrleansSelect.Core;
using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Models.Gradient;
using OrleansSelect.Models.Training;

namespace OrleansSelect.Models.Tests.Gradient;

public sealed class GradientMethodTests : IDisposable
{
    private static readonly GradientSettings Small = new(WarmupFraction: 0.5, WarmupEpochs: 2, ProjectionDimension: 64,
        LoraRank: 2, WarmupLearningRate: 1e-2, WarmupBatchRows: 4);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"gradient-{Guid.NewGuid():N}");
    private readonly SelectorModel _selector;

    public GradientMethodTests()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "base.ckpt");
        using (var model = ModelFactory.Create(ModelCatalog.Get("test"), TestData.Fp32, seed: 1))
            Checkpoint.Save(path, model, null);
        _selector = new SelectorModel("test", path, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Reviews like the target's, and lines of another kind altogether.</summary>
    private static List<PoolExample> Pool() =>
        TestData.Examples(12, offset: 100)
            .Concat(Enumerable.Range(0, 12).Select(i => new PoolExample($"other{i}", $"{i * 7919 % 1000} + {i * 31 % 97} = ", $"{i * 7919 % 1000 + i * 31 % 97}", "math", "sums")))
            .ToList();

    private static readonly TargetTask Target = TestData.Target();

    private GradientMethod Method(GradientSettings? settings = null) => new(settings ?? Small, () => TestData.Fp32);

    private (byte[] Artifact, List<double> Flops) Prepare(ISelectionMethod method, IReadOnlyList<PoolExample> sample, string work)
    {
        var flops = new List<double>();
        var artifact = method.Prepare(Target, new PrepareContext(work, new Recorder(flops), CancellationToken.None, _selector, sample));
        return (artifact, flops);
    }

    private static long Tokens(IEnumerable<PoolExample> examples) =>
        examples.Sum(e => TokenCounting.CountTokens(TokenCounting.TokenizerFor("test"), e));

    [Fact]
    public void Ranks_the_on_target_examples_first_and_estimates_what_it_computes()
    {
        ISelectionMethod method = Method();
        var pool = Pool();
        var sample = PoolSample.Draw(pool, seed: 1, Small.WarmupFraction);
        var prepareEstimate = method.EstimatePrepareFlops(Target, 0, _selector) + method.EstimatePoolSampleFlops(Tokens(sample), _selector, null);
        var (artifact, prepareFlops) = Prepare(method, sample, Path.Combine(_folder, "work"));
        Assert.InRange(prepareFlops[^1], 0.99 * prepareEstimate, 1.01 * prepareEstimate);

        var scoringEstimate = method.EstimateScoringFlops(new ScoringWorkload(pool.Count, Tokens(pool), pool, _selector), Target);
        var scoringFlops = new List<double>();
        // No ceiling on the progress: it must reach the estimate by itself, not be clamped to it.
        var scores = method.Score(new ShardScoringInput(pool, Target, PreparedArtifact.Of(artifact), null, 1, double.MaxValue, _selector),
            new Recorder(scoringFlops), CancellationToken.None);
        Assert.InRange(scoringFlops[^1], 0.99 * scoringEstimate, 1.01 * scoringEstimate);

        var ranked = pool.Zip(scores).OrderByDescending(p => p.Second).Select(p => p.First.Source).ToList();
        Assert.All(ranked.Take(12), source => Assert.Equal("synthetic", source));
    }

    [Fact]
    public void A_warmup_cut_after_its_first_epoch_resumes_from_that_checkpoint_and_ends_as_an_uninterrupted_one()
    {
        ISelectionMethod method = Method();
        var sample = PoolSample.Draw(Pool(), seed: 1, Small.WarmupFraction);
        var whole = Path.Combine(_folder, "whole");
        var (uninterrupted, _) = Prepare(method, sample, whole);

        // A crash after epoch 1: only its checkpoint is on disk.
        var resumed = Path.Combine(_folder, "resumed");
        Directory.CreateDirectory(resumed);
        File.Copy(WarmupCheckpoints.PathOf(whole, 1), WarmupCheckpoints.PathOf(resumed, 1));
        var fullWarmup = method.EstimatePoolSampleFlops(Tokens(sample), _selector, null);
        var leftWarmup = method.EstimatePoolSampleFlops(Tokens(sample), _selector, resumed);
        Assert.InRange(leftWarmup, 0.3 * fullWarmup, 0.7 * fullWarmup); // one epoch of two is left
        var (again, flops) = Prepare(method, sample, resumed);

        var expected = JsonSerializer.Deserialize<GradientArtifact>(uninterrupted)!;
        var actual = JsonSerializer.Deserialize<GradientArtifact>(again)!;
        Assert.Equal(expected.Checkpoints.Select(c => c.Sha256), actual.Checkpoints.Select(c => c.Sha256));
        Assert.Equal(expected.Checkpoints.Select(c => c.LearningRate), actual.Checkpoints.Select(c => c.LearningRate));
        Assert.Equal(JsonSerializer.Serialize(expected.Checkpoints.Select(c => c.ReferenceFeatures)),
            JsonSerializer.Serialize(actual.Checkpoints.Select(c => c.ReferenceFeatures)));
        var estimate = leftWarmup + method.EstimatePrepareFlops(Target, 0, _selector);
        Assert.InRange(flops[^1], 0.99 * estimate, 1.01 * estimate);
    }

    [Theory]
    [InlineData(0.0, 8192, "the gradient method's warmup fraction must be in (0, 1], got 0.")]
    [InlineData(1.5, 8192, "the gradient method's warmup fraction must be in (0, 1], got 1.5.")]
    [InlineData(0.05, 0, "the gradient method's projection dimension must be at least 1, got 0.")]
    public void A_bad_setting_is_one_sentence(double fraction, int dimension, string message)
    {
        var error = Assert.Throws<UserInputException>(() => Method(new GradientSettings(WarmupFraction: fraction, ProjectionDimension: dimension)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_target_without_reference_examples_is_refused_when_estimating_before_anything_is_reserved()
    {
        var empty = Target with { Reference = [] };
        var error = Assert.Throws<UserInputException>(() => Method().EstimatePrepareFlops(empty, 0, _selector));
        Assert.Equal("target 'synthetic' has no reference examples; the gradient method compares pool gradients with theirs.", error.Message);
    }

    private sealed class Recorder(List<double> values) : IProgress<double>
    {
        public void Report(double value) => values.Add(value);
    }
}
