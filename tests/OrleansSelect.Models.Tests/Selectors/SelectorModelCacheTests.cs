using OrleansSelect.Models.Selectors;

namespace OrleansSelect.Models.Tests.Selectors;

public class SelectorModelCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("selector-cache-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_checkpoint_is_loaded_once_and_shared_by_every_shard_that_asks_for_it()
    {
        var selector = TestSelector.Create(_folder, seed: 11);
        var loads = Enumerable.Range(0, 4).AsParallel()
            .Select(_ => SelectorModelCache.Get(selector.Size, selector.CheckpointPath, selector.CheckpointHash, TestData.Fp32))
            .ToList();
        Assert.All(loads, model => Assert.Same(loads[0], model));
        Assert.False(loads[0].training); // eval mode: scoring never trains the shared model
    }

    [Fact]
    public void A_checkpoint_whose_bytes_are_not_the_hash_it_was_named_by_is_refused_and_not_remembered()
    {
        var selector = TestSelector.Create(_folder, seed: 12);
        var other = TestSelector.Create(_folder, seed: 13);
        File.Copy(other.CheckpointPath, selector.CheckpointPath, overwrite: true);

        var error = Assert.Throws<InvalidDataException>(() =>
            SelectorModelCache.Get(selector.Size, selector.CheckpointPath, selector.CheckpointHash, TestData.Fp32));
        Assert.Contains(selector.CheckpointHash, error.Message);

        // Put back, the same name loads: the failure was not cached.
        var original = TestSelector.Create(Path.Combine(_folder, "again"), seed: 12);
        File.Copy(original.CheckpointPath, selector.CheckpointPath, overwrite: true);
        Assert.NotNull(SelectorModelCache.Get(selector.Size, selector.CheckpointPath, selector.CheckpointHash, TestData.Fp32));
    }
}
