using Orleans.Runtime.Placement;

namespace OrleansSelect.Grains.Pool;

/// <summary>
/// Chooses a shard's silo by its index: n mod S over the compatible silos in address order. Every
/// silo decides alike without asking anyone, and consecutive shards go to different silos, so a
/// pool's shards are spread to within one per silo. When a silo leaves, the shards it held are placed
/// again by the same rule over the silos left, so they too are spread rather than piled on one.
/// </summary>
public sealed class ShardIndexPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        if (silos.Length == 0)
            throw new OrleansException($"no silo can host {target.GrainIdentity}");
        Array.Sort(silos);
        var index = ShardKeys.IndexOf(target.GrainIdentity.Key.ToString()!);
        return Task.FromResult(silos[index % silos.Length]);
    }
}
