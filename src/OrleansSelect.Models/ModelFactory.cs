using OrleansSelect.Core.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace OrleansSelect.Models;

/// <summary>
/// Builds a model for a catalog size on a device at a precision, seeded, optionally from a
/// checkpoint: the one place that turns configuration into a ready <see cref="Gpt"/>.
/// </summary>
public static class ModelFactory
{
    public static Device DeviceFor(ComputeOptions compute)
    {
        try { return torch.device(compute.Device); }
        catch (Exception e) { throw new Core.UserInputException($"Device '{compute.Device}' cannot be used: {e.Message}", e); }
    }

    /// <summary>Applies the thread count and seeds libtorch's generator.</summary>
    public static void Prepare(ComputeOptions compute, int seed)
    {
        if (compute.Threads > 0) torch.set_num_threads(compute.Threads);
        torch.manual_seed(seed);
    }

    // libtorch's generator is process-wide: two models created at once would draw from each other's seed.
    private static readonly Lock SeedLock = new();

    public static Gpt Create(ModelShape shape, ComputeOptions compute, int seed, string? checkpointPath = null, int loraRank = 0)
    {
        Gpt model;
        lock (SeedLock)
        {
            Prepare(compute, seed);
            model = new Gpt(GptConfig.From(shape, loraRank));
        }
        if (checkpointPath is not null) Training.Checkpoint.Load(checkpointPath, model);
        var precision = compute.ResolvedPrecision;
        if (precision == Precision.PureBf16) model.to(ScalarType.BFloat16);
        model.ComputeType = precision is Precision.Bf16 or Precision.PureBf16 ? ScalarType.BFloat16 : ScalarType.Float32;
        model.to(DeviceFor(compute));
        return model;
    }
}
