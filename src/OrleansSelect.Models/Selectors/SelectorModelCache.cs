using System.Collections.Concurrent;
using System.Security.Cryptography;
using OrleansSelect.Core.Compute;

namespace OrleansSelect.Models.Selectors;

/// <summary>
/// Selector models loaded once per silo and shared by every shard that scores there: keyed by the
/// checkpoint's SHA-256 (and the compute it runs on), so a file replaced under the same path is a
/// new entry. A model here is only read (forward passes in eval mode, under no_grad), which lets
/// concurrent scorings share it; a method that trains or takes gradients builds its own copy.
/// </summary>
public static class SelectorModelCache
{
    private static readonly ConcurrentDictionary<(string Hash, ComputeOptions Compute, int LoraRank), Lazy<Gpt>> Models = new();

    /// <summary>
    /// The model of <paramref name="sizeName"/> loaded from <paramref name="checkpointPath"/>, whose
    /// SHA-256 is <paramref name="checkpointHash"/>: checked once, when it is loaded, so a file that
    /// changed since it was named is refused rather than scored with.
    /// </summary>
    public static Gpt Get(string sizeName, string checkpointPath, string checkpointHash, ComputeOptions compute, int loraRank = 0)
    {
        var key = (checkpointHash, compute, loraRank);
        var entry = Models.GetOrAdd(key, _ => new Lazy<Gpt>(() =>
        {
            string actual;
            using (var stream = File.OpenRead(checkpointPath))
                actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (actual != checkpointHash)
                throw new InvalidDataException($"the selector checkpoint {checkpointPath} has SHA-256 {actual}, not the {checkpointHash} it was named by.");
            var model = ModelFactory.Create(ModelCatalog.Get(sizeName), compute, seed: 0, checkpointPath, loraRank);
            model.eval();
            return model;
        }, LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return entry.Value;
        }
        catch
        {
            Models.TryRemove(KeyValuePair.Create(key, entry)); // a failed load is tried again next time, not remembered
            throw;
        }
    }

    /// <summary>How many models are loaded (for tests of the sharing).</summary>
    public static int Count => Models.Count;
}
