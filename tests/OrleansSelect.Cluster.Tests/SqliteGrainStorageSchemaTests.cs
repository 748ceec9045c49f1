using Microsoft.Data.Sqlite;
using OrleansSelect.Silo.Hosting;
using OrleansSelect.Silo.Storage;

namespace OrleansSelect.Cluster.Tests;

/// <summary>The storage queries as the ADO.NET provider runs them: optimistic versions, one row per state name and key.</summary>
public class SqliteGrainStorageSchemaTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly SqliteConnection _connection;

    public SqliteGrainStorageSchemaTests()
    {
        var connectionString = EmbeddedSilo.ConnectionStringFor(_folder.File("s.db"));
        SqliteGrainStorageSchema.Apply(connectionString);
        SqliteGrainStorageSchema.Apply(connectionString); // idempotent: a second start changes nothing
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
    }

    private string Query(string key)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT QueryText FROM OrleansQuery WHERE QueryKey = $k";
        command.Parameters.AddWithValue("$k", key);
        return (string)command.ExecuteScalar()!;
    }

    private List<object?[]> Run(string key, string? extension, int? version, byte[]? payload = null, string state = "budget-ledger")
    {
        using var command = _connection.CreateCommand();
        command.CommandText = Query(key);
        command.Parameters.AddWithValue("@ServiceId", "svc");
        command.Parameters.AddWithValue("@GrainTypeString", state);
        command.Parameters.AddWithValue("@GrainIdN0", 0L);
        command.Parameters.AddWithValue("@GrainIdN1", 0L);
        command.Parameters.AddWithValue("@GrainIdHash", 1);
        command.Parameters.AddWithValue("@GrainTypeHash", 2);
        command.Parameters.AddWithValue("@GrainIdExtensionString", (object?)extension ?? DBNull.Value);
        command.Parameters.AddWithValue("@GrainStateVersion", (object?)version ?? DBNull.Value);
        command.Parameters.AddWithValue("@PayloadBinary", (object?)payload ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public void Writes_insert_then_advance_the_version_and_refuse_a_stale_one()
    {
        Assert.Empty(Run("ReadFromStorageKey", "b1", null));

        Assert.Equal(1L, Run("WriteToStorageKey", "b1", null, [1])[0][0]);
        Assert.Equal(2L, Run("WriteToStorageKey", "b1", 1, [2])[0][0]);
        Assert.Empty(Run("WriteToStorageKey", "b1", 1, [3]));      // stale version: a conflict, no row
        Assert.Empty(Run("WriteToStorageKey", "b1", null, [3]));   // "new" state over an existing row: a conflict too

        var read = Run("ReadFromStorageKey", "b1", null).Single();
        Assert.Equal(new byte[] { 2 }, (byte[])read[0]!);
        Assert.Equal(2L, read[1]);
    }

    [Fact]
    public void A_null_key_extension_and_other_state_names_are_rows_of_their_own()
    {
        Run("WriteToStorageKey", null, null, [7]);
        Run("WriteToStorageKey", "b1", null, [8]);
        Run("WriteToStorageKey", null, null, [9], state: "other");

        Assert.Equal(new byte[] { 7 }, (byte[])Run("ReadFromStorageKey", null, null).Single()[0]!);
        Assert.Equal(new byte[] { 8 }, (byte[])Run("ReadFromStorageKey", "b1", null).Single()[0]!);
        Assert.Equal(new byte[] { 9 }, (byte[])Run("ReadFromStorageKey", null, null, state: "other").Single()[0]!);
    }

    [Fact]
    public void Clear_empties_the_payload_and_advances_the_version_only_when_it_matches()
    {
        Run("WriteToStorageKey", "b1", null, [1]);
        Assert.Empty(Run("ClearStorageKey", "b1", 5));
        Assert.Equal(2L, Run("ClearStorageKey", "b1", 1)[0][0]);
        var read = Run("ReadFromStorageKey", "b1", null).Single();
        Assert.Equal(DBNull.Value, read[0]);
        Assert.Equal(2L, read[1]);
    }

    public void Dispose()
    {
        _connection.Dispose();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
