namespace OrleansSelect.Grains.Pool;

/// <summary>Shard grains are keyed "pool/index" so every pool's shards are distinct grains.</summary>
public static class ShardKeys
{
    public static string For(string poolName, int index) => $"{poolName}/{index}";

    /// <summary>The index in a key made by <see cref="For"/> (a pool name holds no '/', so the index follows the only one).</summary>
    public static int IndexOf(string key) =>
        int.TryParse(key.AsSpan(key.LastIndexOf('/') + 1), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? index
            : throw new ArgumentException($"'{key}' is not a shard key (pool/index)", nameof(key));
}
