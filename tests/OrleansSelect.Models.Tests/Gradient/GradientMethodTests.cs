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
        var prepareEstimate = method.EstimatePrepareFlops(Target, 0, _selector) + method.EstimatePoolSampleFlops(sample.Count, Tokens(sample), _selector, null);
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
    public void A_warmup_cut_in_its_second_epoch_resumes_from_the_first_epochs_end_and_ends_as_an_uninterrupted_one()
    {
        ISelectionMethod method = Method(Small with { WarmupBatchRows = 1 }); // several steps an epoch, so one can be cut
        var sample = PoolSample.Draw(Pool(), seed: 1, Small.WarmupFraction);
        var (uninterrupted, _) = Prepare(method, sample, Path.Combine(_folder, "whole"));
        var fullWarmup = method.EstimatePoolSampleFlops(sample.Count, Tokens(sample), _selector, null);
        var perEpoch = fullWarmup / Small.WarmupEpochs; // the sample's rows are the same every epoch

        // A crash in epoch 2: cancelled once its first step is done.
        var resumed = Path.Combine(_folder, "resumed");
        using var crash = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => method.Prepare(Target,
            new PrepareContext(resumed, new Recorder([], flops => { if (flops > perEpoch) crash.Cancel(); }), crash.Token, _selector, sample)));
        Assert.True(File.Exists(WarmupCheckpoints.PathOf(resumed, 1)));
        Assert.False(File.Exists(WarmupCheckpoints.PathOf(resumed, 2)));

        // What is left is the second epoch, and the resumed prepare reports exactly what it estimated.
        var leftWarmup = method.EstimatePoolSampleFlops(sample.Count, Tokens(sample), _selector, resumed);
        Assert.Equal(perEpoch, leftWarmup, perEpoch * 1e-9);
        var (again, flops) = Prepare(method, sample, resumed);
        Assert.Equal(leftWarmup + method.EstimatePrepareFlops(Target, 0, _selector), flops[^1], flops[^1] * 0.01);

        var expected = JsonSerializer.Deserialize<GradientArtifact>(uninterrupted)!;
        var actual = JsonSerializer.Deserialize<GradientArtifact>(again)!;
        Assert.Equal(expected.Checkpoints.Select(c => c.Sha256), actual.Checkpoints.Select(c => c.Sha256));
        Assert.Equal(expected.Checkpoints.Select(c => c.LearningRate), actual.Checkpoints.Select(c => c.LearningRate));
        Assert.Equal(JsonSerializer.Serialize(expected.Checkpoints.Select(c => c.ReferenceFeatures)),
            JsonSerializer.Serialize(actual.Checkpoints.Select(c => c.ReferenceFeatures)));
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

    private sealed class Recorder(List<double> values, Action<double>? onReport = null) : IProgress<double>
    {
        public void Report(double value)
        {
            values.Add(value);
            onReport?.Invoke(value);
        }
    }
}
