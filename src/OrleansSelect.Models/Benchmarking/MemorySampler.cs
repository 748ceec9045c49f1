using System.Diagnostics;
using TorchSharp;

namespace OrleansSelect.Models.Benchmarking;

/// <summary>One reading: the process's resident bytes and the tensors alive on the training thread.</summary>
public sealed record MemorySample(int Step, long ResidentBytes, long LiveTensors);

/// <summary>
/// Watches a training run from its progress reports, which the trainer makes synchronously on its own
/// thread after each step: every <c>sampleEvery</c> steps after a warm-up it records the resident set
/// size and TorchSharp's count of live tensors on that thread. A tensor leaked per step shows in the
/// count exactly, long before it shows in the resident size.
/// </summary>
public sealed class MemorySampler(int warmupSteps, int sampleEvery, int lastStep) : IProgress<TrainingProgress>
{
    private readonly List<MemorySample> samples = [];

    public IReadOnlyList<MemorySample> Samples => samples;

    public void Report(TrainingProgress value)
    {
        int step = value.Step - warmupSteps; // steps after warm-up; Step counts from 1 after the first step
        if (step < 0 || step > lastStep || (step % sampleEvery != 0 && step != lastStep)) return;
        // Collect first, so managed garbage awaiting finalisation does not hide or fake native growth.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        samples.Add(new MemorySample(step, process.WorkingSet64, DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount));
    }
}
