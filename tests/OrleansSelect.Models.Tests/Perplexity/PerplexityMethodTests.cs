using OrleansSelect.Core;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Models.Perplexity;
using OrleansSelect.Models.Tests.Selectors;

namespace OrleansSelect.Models.Tests.Perplexity;

public class PerplexityMethodTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("perplexity-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly PerplexityMethod Method = new(TestData.Fp32);

    [Fact]
    public void After_its_finetune_the_on_target_examples_rank_first_and_estimates_equal_charges()
    {
        var (target, pool) = TestSelector.ReviewsAmongFiller();
        var selector = TestSelector.Create(_folder);
        ISelectionMethod method = Method;

        var prepareFlops = new LastValue();
        var artifact = PreparedArtifact.Of(method.Prepare(target, new PrepareContext(Path.Combine(_folder, "work"), prepareFlops, CancellationToken.None, selector)));
        var tokenizer = TokenCounting.TokenizerFor("test");
        long referenceTokens = target.Reference.Sum(e => TokenCounting.CountTokens(tokenizer, e));
        Assert.Equal(method.EstimatePrepareFlops(target, referenceTokens, selector), prepareFlops.Value);

        long poolTokens = pool.Sum(e => TokenCounting.CountTokens(tokenizer, e));
        double estimate = method.EstimateScoringFlops(new ScoringWorkload(pool.Count, poolTokens, pool, selector), target);
        var scoringFlops = new LastValue();
        var scores = method.Score(new ShardScoringInput(pool, target, artifact, null, 1, estimate, selector), scoringFlops, CancellationToken.None);

        var top = pool.Zip(scores).OrderByDescending(p => p.Second).Take(12).Select(p => p.First.Source);
        Assert.All(top, source => Assert.Equal("pool-reviews", source));
        Assert.All(scores, s => Assert.True(s < 0)); // −NLL
        Assert.Equal(estimate, scoringFlops.Value);
    }

    [Fact]
    public void A_prepare_interrupted_in_its_second_epoch_resumes_from_its_last_checkpoint_and_charges_only_the_rest()
    {
        var (target, _) = TestSelector.ReviewsAmongFiller();
        var selector = TestSelector.Create(_folder);
        ISelectionMethod method = Method;
        var work = Path.Combine(_folder, "interrupted");
        double whole = method.EstimateRemainingPrepareFlops(target, 0, selector, work);
        double perEpoch = whole / PerplexityMethod.FinetuneEpochs; // the reference rows are the same every epoch

        using var crash = new CancellationTokenSource();
        var firstAttempt = new LastValue(flops => { if (flops > perEpoch) crash.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => method.Prepare(target, new PrepareContext(work, firstAttempt, crash.Token, selector)));
        Assert.NotEmpty(Directory.GetFiles(work, "step-*.ckpt"));
        Assert.InRange(firstAttempt.Value, perEpoch, 2 * perEpoch);

        // What is left is what the checkpoint does not hold: at most the second and third epochs.
        double rest = method.EstimateRemainingPrepareFlops(target, 0, selector, work);
        Assert.InRange(rest, 0.0, whole - perEpoch + 1e-6 * whole);
        Assert.True(firstAttempt.Value + rest >= whole - 1e-6 * whole); // steps after the checkpoint are redone, and charged
        var secondAttempt = new LastValue();
        var resumed = Read(method.Prepare(target, new PrepareContext(work, secondAttempt, CancellationToken.None, selector)));
        Assert.Equal(rest, secondAttempt.Value);

        // The resumed finetune is the unbroken one: same shuffles, schedule and moments, so the same weights.
        var unbroken = Read(method.Prepare(target, new PrepareContext(Path.Combine(_folder, "unbroken"), new LastValue(), CancellationToken.None, selector)));
        Assert.Equal(unbroken.CheckpointHash, resumed.CheckpointHash);
    }

    [Fact]
    public void A_target_without_reference_examples_is_one_sentence_before_any_work()
    {
        var selector = TestSelector.Create(_folder);
        var empty = new TargetTask("empty", [], [], []);
        var error = Assert.Throws<UserInputException>(() => Method.EstimatePrepareFlops(empty, 0, selector));
        Assert.Equal("target 'empty' has no reference examples; perplexity finetunes the selector on them.", error.Message);
    }

    private static FinetunedSelector Read(byte[] artifact) => System.Text.Json.JsonSerializer.Deserialize<FinetunedSelector>(artifact)!;

    /// <summary>Keeps the last value reported, synchronously (Progress&lt;T&gt; would post it later).</summary>
    private sealed class LastValue(Action<double>? onReport = null) : IProgress<double>
    {
        public double Value { get; private set; }

        public void Report(double value)
        {
            Value = value;
            onReport?.Invoke(value);
        }
    }
}
