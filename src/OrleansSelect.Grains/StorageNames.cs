namespace OrleansSelect.Grains;

/// <summary>The grain storage provider every grain persists to (SQLite embedded, PostgreSQL in a cluster).</summary>
public static class StorageNames
{
    public const string Default = "orleansselect";
}
