using System.Data;
using Npgsql;

namespace OrleansSelect.Cluster.Tests.Postgres;

/// <summary>The storage queries as the ADO.NET provider runs them on PostgreSQL: optimistic versions, one row per state name and key.</summary>
public class PostgresGrainStorageQueryTests : IDisposable
{
    private readonly string _connectionString = TestPostgres.ConnectionString ?? "";
    private readonly string _service = TestPostgres.UniqueId("storage");
    private NpgsqlConnection? _connection;

    private NpgsqlConnection Connection()
    {
        if (_connection is null)
        {
            TestPostgres.Require();
            _connection = new NpgsqlConnection(_connectionString);
            _connection.Open();
        }
        return _connection;
    }

    // The parameters and database types the provider sends with every storage query.
    private List<object?[]> Run(string key, string? extension, int? version, byte[]? payload = null, string state = "budget-ledger") =>
        TestPostgres.RunStored(Connection(), key,
            Parameter("ServiceId", DbType.String, _service),
            Parameter("GrainTypeString", DbType.String, state),
            Parameter("GrainIdN0", DbType.Int64, 0L),
            Parameter("GrainIdN1", DbType.Int64, 0L),
            Parameter("GrainIdHash", DbType.Int32, 1),
            Parameter("GrainTypeHash", DbType.Int32, 2),
            Parameter("GrainIdExtensionString", DbType.String, extension),
            Parameter("GrainStateVersion", DbType.Int32, version),
            Parameter("PayloadBinary", DbType.Binary, payload));

    private static NpgsqlParameter Parameter(string name, DbType type, object? value) =>
        new(name, type) { Value = value ?? DBNull.Value };

    [PostgresFact]
    public void Writes_insert_then_advance_the_version_and_refuse_a_stale_one()
    {
        Assert.Empty(Run("ReadFromStorageKey", "b1", null));

        Assert.Equal(1, Run("WriteToStorageKey", "b1", null, [1])[0][0]);
        Assert.Equal(2, Run("WriteToStorageKey", "b1", 1, [2])[0][0]);
        Assert.Empty(Run("WriteToStorageKey", "b1", 1, [3]));      // stale version: a conflict, no row
        Assert.Empty(Run("WriteToStorageKey", "b1", null, [3]));   // "new" state over an existing row: a conflict too

        var read = Run("ReadFromStorageKey", "b1", null).Single();
        Assert.Equal(new byte[] { 2 }, (byte[])read[0]!);
        Assert.Equal(2, read[1]);
    }

    [PostgresFact]
    public void A_null_key_extension_and_other_state_names_are_rows_of_their_own()
    {
        Run("WriteToStorageKey", null, null, [7]);
        Run("WriteToStorageKey", "b1", null, [8]);
        Run("WriteToStorageKey", null, null, [9], state: "other");

        Assert.Equal(new byte[] { 7 }, (byte[])Run("ReadFromStorageKey", null, null).Single()[0]!);
        Assert.Equal(new byte[] { 8 }, (byte[])Run("ReadFromStorageKey", "b1", null).Single()[0]!);
        Assert.Equal(new byte[] { 9 }, (byte[])Run("ReadFromStorageKey", null, null, state: "other").Single()[0]!);
    }

    [PostgresFact]
    public void Clear_and_delete_act_only_on_the_current_version()
    {
        Run("WriteToStorageKey", "b1", null, [1]);
        Assert.Empty(Run("ClearStorageKey", "b1", 5));
        Assert.Equal(2, Run("ClearStorageKey", "b1", 1)[0][0]);
        var read = Run("ReadFromStorageKey", "b1", null).Single();
        Assert.Equal(DBNull.Value, read[0]);
        Assert.Equal(2, read[1]);

        Assert.Empty(Run("DeleteStorageKey", "b1", 1));
        Assert.Equal(3, Run("DeleteStorageKey", "b1", 2)[0][0]); // a value other than the old version
        Assert.Empty(Run("ReadFromStorageKey", "b1", null));
    }

    [PostgresFact]
    public async Task Concurrent_writers_of_one_version_have_exactly_one_winner()
    {
        Run("WriteToStorageKey", "race", null, [0]);
        var winners = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            using var connection = new NpgsqlConnection(_connectionString);
            connection.Open();
            return TestPostgres.RunStored(connection, "WriteToStorageKey",
                Parameter("ServiceId", DbType.String, _service), Parameter("GrainTypeString", DbType.String, "budget-ledger"),
                Parameter("GrainIdN0", DbType.Int64, 0L), Parameter("GrainIdN1", DbType.Int64, 0L),
                Parameter("GrainIdExtensionString", DbType.String, "race"), Parameter("GrainStateVersion", DbType.Int32, 1),
                Parameter("PayloadBinary", DbType.Binary, new[] { (byte)i })).Count;
        })));
        Assert.Equal(1, winners.Sum());
        Assert.Equal(2, Run("ReadFromStorageKey", "race", null).Single()[1]);
    }

    public void Dispose()
    {
        _connection?.Dispose();
        if (TestPostgres.ConnectionString is { } connectionString)
            TestPostgres.Forget(connectionString, serviceId: _service);
    }
}
