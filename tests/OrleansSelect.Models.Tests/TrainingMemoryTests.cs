using OrleansSelect.Models.Benchmarking;

namespace OrleansSelect.Models.Tests;

public class TrainingMemoryTests
{
    [Fact]
    public void TrainingStepsLeaveNoTensorAliveBehindThem()
    {
        // The real trainer on the byte-level test size: every step's tensors are disposed with its scope,
        // so the count of live tensors (parameters, gradients, optimizer moments) is the same at every sample.
        var trace = ModelBenchmark.MeasureMemory("test", TestData.Fp32, steps: 60, sampleEvery: 10);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => i * 10), trace.Samples.Select(s => s.Step));
        Assert.True(trace.Samples[0].LiveTensors > 0, "the model's own tensors are counted");
        Assert.All(trace.Samples, s => Assert.Equal(trace.Samples[0].LiveTensors, s.LiveTensors));
        Assert.Equal(0, trace.LiveTensorGrowth);
    }
}
