namespace OrleansSelect.Grains.Pool;

/// <summary>Shard grains are keyed "pool/index" so every pool's shards are distinct grains.</summary>
public static class ShardKeys
{
    public static string For(string poolName, int index) => $"{poolName}/{index}";
}
