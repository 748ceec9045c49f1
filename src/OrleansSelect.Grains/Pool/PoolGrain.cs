using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Grains.Services;

namespace OrleansSelect.Grains.Pool;

/// <summary>Remembers how a pool was cut into shards and hands each shard to its grain.</summary>
public sealed class PoolGrain(
    [PersistentState("pool", StorageNames.Default)] IPersistentState<PoolState> state)
    : Grain, IPoolGrain
{
    public async Task<PoolView> Register(string path, long fileBytes, IReadOnlyList<ShardDescriptor> shards)
    {
        if (state.RecordExists)
        {
            if (state.State.Path == path && state.State.FileBytes == fileBytes && state.State.Shards.SequenceEqual(shards))
                return View();
            throw new UserInputException(
                $"pool '{this.GetPrimaryKeyString()}' was already ingested from {state.State.Path} ({state.State.FileBytes} bytes); ingest {path} under another name");
        }

        // Shards first: a crash between the two leaves no pool record, and a repeat assigns the same shards again.
        await BoundedFanOut.RunAsync(shards, s =>
            SiloLossRetry.RunAsync(() => GrainFactory.GetGrain<IShardGrain>(ShardKeys.For(s.PoolName, s.Index)).Assign(s)));
        state.State = new PoolState { Path = path, FileBytes = fileBytes, Shards = shards.ToList() };
        await state.WriteOrDeactivateAsync(this);
        return View();
    }

    public Task<PoolView?> Get() => Task.FromResult(state.RecordExists ? View() : null);

    private PoolView View() => new(
        this.GetPrimaryKeyString(),
        state.State.Path,
        state.State.FileBytes,
        state.State.Shards.Sum(s => s.ExampleCount),
        state.State.Shards);
}
