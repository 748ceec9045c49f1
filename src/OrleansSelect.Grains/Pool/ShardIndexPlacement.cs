using Orleans.Placement;

namespace OrleansSelect.Grains.Pool;

/// <summary>
/// Places shard n of a pool on silo n mod S, the compatible silos taken in address order (see
/// <see cref="ShardIndexPlacementDirector"/>). Shards are cut to about the same tokens, so the same
/// number of shards per silo is the same work per silo; a shard scores on the silo it is placed on.
/// Orleans' default, random placement, gives each silo a binomial share instead: with 120 shards on 3
/// silos the busiest expects 45 rather than 40, and a selection waits for the busiest. Activation-count
/// placement counts grains of every kind, from load figures that lag the burst of activations an ingest makes.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class ShardIndexPlacement : PlacementStrategy
{
    public static ShardIndexPlacement Instance { get; } = new();
}

/// <summary>Puts a grain under <see cref="ShardIndexPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ShardIndexPlacementAttribute() : PlacementAttribute(ShardIndexPlacement.Instance);
