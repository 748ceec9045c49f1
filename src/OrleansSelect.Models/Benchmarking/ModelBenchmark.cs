using System.Diagnostics;
using OrleansSelect.Core.Compute;
using OrleansSelect.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace OrleansSelect.Models.Benchmarking;

public sealed record MatmulPeak(Precision Precision, int Size, double FlopsPerSecond);

public sealed record ModelThroughput(string Size, Precision Precision, long NonEmbeddingParameters,
    double ForwardTokensPerSecond, double ForwardFlopsPerSecond, double TrainTokensPerSecond, double TrainFlopsPerSecond)
{
    public double ForwardUtilisation(double peak) => ForwardFlopsPerSecond / peak;
    public double TrainUtilisation(double peak) => TrainFlopsPerSecond / peak;
}

public sealed record MemoryTrace(int Steps, IReadOnlyList<MemorySample> Samples)
{
    /// <summary>Resident growth from the first sample after warm-up to the last, in bytes.</summary>
    public long Growth => Samples.Count < 2 ? 0 : Samples[^1].ResidentBytes - Samples[0].ResidentBytes;

    /// <summary>Live tensors gained from the first sample after warm-up to the last: 0 unless a step leaks.</summary>
    public long LiveTensorGrowth => Samples.Count < 2 ? 0 : Samples[^1].LiveTensors - Samples[0].LiveTensors;
}

/// <summary>
/// Measurements on the spot: libtorch's matmul peak per precision, the family's forward and training
/// throughput with model FLOP utilisation (FLOPs from <see cref="FlopModel"/> over that precision's
/// peak), and resident memory over many training steps (it must stay flat).
/// </summary>
public static class ModelBenchmark
{
    public static MatmulPeak MeasureMatmulPeak(Precision precision, ComputeOptions compute, int size = 2048, double seconds = 2.0)
    {
        var device = ModelFactory.DeviceFor(compute);
        var type = precision == Precision.Fp32 ? ScalarType.Float32 : ScalarType.BFloat16;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var a = randn(size, size, device: device).to(type);
        var b = randn(size, size, device: device).to(type);
        double elapsed = Time(seconds, () =>
        {
            using var c = matmul(a, b);
            if (c.device_type == DeviceType.CUDA) cuda.synchronize();
        }, out int runs);
        return new MatmulPeak(precision, size, 2.0 * size * size * size * runs / elapsed);
    }

    public static ModelThroughput MeasureModel(string sizeName, Precision precision, ComputeOptions compute, int batchRows = 16, double seconds = 3.0)
    {
        var shape = ModelCatalog.Get(sizeName);
        var options = compute with { Precision = precision };
        var device = ModelFactory.DeviceFor(options);
        using var model = ModelFactory.Create(shape, options, seed: 0);
        int t = shape.ContextLength;
        var random = new Random(0);
        var ids = Enumerable.Range(0, batchRows * t).Select(_ => (long)random.Next(shape.VocabSize)).ToArray();
        long tokensPerBatch = (long)batchRows * t;

        double forwardSeconds = Time(seconds, () =>
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            model.forward(tensor(ids, new long[] { batchRows, t }, device: device)).sum().item<float>();
        }, out int forwardRuns);

        using var optimizer = new AdamW(model.named_parameters().ToArray());
        model.train();
        double trainSeconds = Time(seconds, () =>
        {
            using var scope = NewDisposeScope();
            var x = tensor(ids, new long[] { batchRows, t }, device: device);
            optimizer.ZeroGrad();
            var logits = model.forward(x);
            var loss = nn.functional.cross_entropy(logits.view(-1, logits.shape[2]), x.view(-1));
            loss.backward();
            optimizer.Step(1e-4);
            loss.item<float>();
        }, out int trainRuns);

        double fTok = tokensPerBatch * forwardRuns / forwardSeconds;
        double tTok = tokensPerBatch * trainRuns / trainSeconds;
        return new ModelThroughput(sizeName, precision, shape.NonEmbeddingParameters,
            fTok, fTok * FlopModel.ForwardFlopsPerToken(shape, t),
            tTok, tTok * FlopModel.TrainFlopsPerToken(shape, t));
    }

    /// <summary>
    /// Resident size and live tensors every <paramref name="sampleEvery"/> steps of the real trainer
    /// (<see cref="LanguageModelTrainer"/>), after a warm-up, on random text: byte ids are valid in every
    /// size's vocabulary, and no trained tokenizer is needed.
    /// </summary>
    public static MemoryTrace MeasureMemory(string sizeName, ComputeOptions compute, int steps = 1000, int sampleEvery = 100, int batchRows = 4)
    {
        var shape = ModelCatalog.Get(sizeName);
        var device = ModelFactory.DeviceFor(compute);
        using var model = ModelFactory.Create(shape, compute, seed: 0);
        var random = new Random(0);
        var texts = Enumerable.Range(0, 64).Select(_ => new string(Enumerable.Range(0, shape.ContextLength).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray()));
        var data = new PackedSequences(texts, Tokenization.ByteTokenizer.Instance, shape.ContextLength);
        int warmup = Math.Min(50, steps / 10);
        int stepsPerEpoch = (data.RowCount + batchRows - 1) / batchRows;
        int epochs = (warmup + steps + stepsPerEpoch - 1) / stepsPerEpoch;
        var sampler = new MemorySampler(warmup, sampleEvery, steps);
        LanguageModelTrainer.Train(model, shape, data, new TrainingRun(epochs, batchRows, 1e-4, double.MaxValue, Seed: 0),
            device, sampler, CancellationToken.None);
        return new MemoryTrace(steps, sampler.Samples);
    }

    private static double Time(double seconds, Action run, out int runs)
    {
        run(); // warm-up
        runs = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds || runs < 2)
        {
            run();
            runs++;
        }
        return clock.Elapsed.TotalSeconds;
    }
}
