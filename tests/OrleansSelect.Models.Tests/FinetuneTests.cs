using OrleansSelect.Core;
using OrleansSelect.Core.Compute;

namespace OrleansSelect.Models.Tests;

public class FinetuneTests
{
    private static FinetuneJob Job(int epochs = 6, int seed = 1, ComputeOptions? compute = null, int lora = 0, double maxFlops = double.MaxValue) =>
        new("test", null, TestData.Tokens(TestData.Examples(64)), TestData.Target(), maxFlops, epochs, seed, compute ?? TestData.Fp32,
            LoraRank: lora, BatchSize: 4);

    [Fact]
    public void FinetuningLowersTheLossOnTheDataItTrainsOn()
    {
        var losses = new List<double>();
        var outcome = TargetFinetuner.Run(Job(epochs: 10) with { LearningRate = 3e-3 }, new SyncProgress(p => losses.Add(p.Loss)), CancellationToken.None);
        Assert.Equal(outcome.Steps, losses.Count);
        Assert.True(losses.Count >= 20);
        double first = losses.Take(3).Average();
        Assert.True(outcome.FinalLoss < first * 0.7, $"loss {first:F3} -> {outcome.FinalLoss:F3}");
        Assert.InRange(outcome.BitsPerByte, 0.0, 8.1);
        Assert.InRange(outcome.Accuracy, 0.0, 1.0);
    }

    [Fact]
    public void ChargedTrainingFlopsEqualTheEstimateAndRespectTheCap()
    {
        var job = Job(epochs: 2);
        double estimate = TargetFinetuner.EstimateTrainFlops(job);
        var outcome = TargetFinetuner.Run(job, null, CancellationToken.None);
        Assert.Equal(estimate, outcome.TrainFlops, 6);
        var shape = ModelCatalog.Get("test");
        Assert.Equal(FlopModel.TrainFlops(shape, outcome.TrainTokens, shape.ContextLength), outcome.TrainFlops, 6);
        Assert.Equal(TargetFinetuner.EstimateEvalFlops("test", job.Target), outcome.EvalFlops, 6);

        var capped = Job(epochs: 2, maxFlops: estimate / 3);
        var cappedOutcome = TargetFinetuner.Run(capped, null, CancellationToken.None);
        Assert.True(cappedOutcome.TrainFlops <= estimate / 3);
        Assert.True(cappedOutcome.Steps < outcome.Steps);
        Assert.Equal(TargetFinetuner.EstimateTrainFlops(capped), cappedOutcome.TrainFlops, 6);
    }

    [Fact]
    public void TheSameSeedGivesTheSameLosses()
    {
        List<double> Losses(int seed)
        {
            var list = new List<double>();
            TargetFinetuner.Run(Job(epochs: 1, seed: seed), new SyncProgress(p => list.Add(p.Loss)), CancellationToken.None);
            return list;
        }
        var a = Losses(7);
        var b = Losses(7);
        var c = Losses(8);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Bf16MixedPrecisionTracksFp32()
    {
        // Stated tolerance: per-step losses within 0.05 nats (about 1% of the initial 5.5) on a small run.
        List<double> Losses(Precision precision)
        {
            var list = new List<double>();
            TargetFinetuner.Run(Job(epochs: 2, compute: new ComputeOptions("cpu", precision, 1)),
                new SyncProgress(p => list.Add(p.Loss)), CancellationToken.None);
            return list;
        }
        var fp32 = Losses(Precision.Fp32);
        var bf16 = Losses(Precision.Bf16);
        Assert.Equal(fp32.Count, bf16.Count);
        double worst = fp32.Zip(bf16, (x, y) => Math.Abs(x - y)).Max();
        Assert.True(worst < 0.05, $"largest per-step gap {worst:F4}");
        Assert.True(fp32.Zip(bf16, (x, y) => x != y).Any(), "bf16 should not be bit-identical to fp32");
    }

    [Fact]
    public void UnknownSizeIsAUserError()
    {
        var e = Assert.Throws<UserInputException>(() => TargetFinetuner.EstimateTrainFlops(Job() with { SizeName = "giant" }));
        Assert.Contains("giant", e.Message);
    }

    /// <summary>Progress<T> posts to the thread pool; tests need the reports in order and at once.</summary>
    internal sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
