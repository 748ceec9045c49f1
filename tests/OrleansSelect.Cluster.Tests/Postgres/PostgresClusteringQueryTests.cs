using System.Data;
using Npgsql;

namespace OrleansSelect.Cluster.Tests.Postgres;

/// <summary>
/// The membership queries as Orleans' clustering provider runs them: parameter names and database
/// types as it sends them, one table version per cluster, and changes that succeed only together
/// with advancing the version the caller read.
/// </summary>
public class PostgresClusteringQueryTests : IDisposable
{
    private const int Active = 3, Dead = 6; // Orleans' SiloStatus values

    private readonly string _cluster = TestPostgres.UniqueId("membership");
    private NpgsqlConnection? _connection;

    private List<object?[]> Run(string key, params NpgsqlParameter[] parameters)
    {
        if (_connection is null)
        {
            _connection = new NpgsqlConnection(TestPostgres.Require());
            _connection.Open();
        }
        return TestPostgres.RunStored(_connection, key, [P("DeploymentId", DbType.String, _cluster), .. parameters]);
    }

    private static NpgsqlParameter P(string name, DbType type, object? value) => new(name, type) { Value = value ?? DBNull.Value };

    private static NpgsqlParameter[] Silo(int port) =>
        [P("Address", DbType.AnsiString, "10.1.2.3"), P("Port", DbType.Int32, port), P("Generation", DbType.Int32, 42)];

    private List<object?[]> Insert(int port, int version, DateTime alive) => Run("InsertMembershipKey",
        [.. Silo(port), P("SiloName", DbType.String, $"silo-{port}"), P("HostName", DbType.String, "host"),
         P("Status", DbType.Int32, Active), P("ProxyPort", DbType.Int32, port + 1000),
         P("StartTime", DbType.DateTime, alive), P("IAmAliveTime", DbType.DateTime, alive), P("Version", DbType.Int32, version)]);

    private List<object?[]> Update(int port, int version, int status, string? suspects, DateTime alive) => Run("UpdateMembershipKey",
        [.. Silo(port), P("Status", DbType.Int32, status), P("SuspectTimes", DbType.String, suspects),
         P("IAmAliveTime", DbType.DateTime, alive), P("Version", DbType.Int32, version)]);

    [PostgresFact]
    public void The_table_version_is_created_once_and_read_with_no_members()
    {
        Assert.True((bool)Run("InsertMembershipVersionKey").Single()[0]!);
        Assert.False((bool)Run("InsertMembershipVersionKey").Single()[0]!);

        // One row: version 0, and NULL member columns (the provider reads a NULL StartTime as "no member").
        var all = Run("MembershipReadAllKey").Single();
        Assert.Equal(0, all[0]);
        Assert.All(all.Skip(1), value => Assert.Equal(DBNull.Value, value));
    }

    [PostgresFact]
    public void A_silo_joins_only_with_the_version_it_read_and_each_change_advances_it()
    {
        var now = DateTime.UtcNow;
        Run("InsertMembershipVersionKey");

        Assert.True((bool)Insert(11111, version: 0, now).Single()[0]!);
        Assert.False((bool)Insert(11112, version: 0, now).Single()[0]!);  // a stale version: refused
        Assert.False((bool)Insert(11111, version: 1, now).Single()[0]!);  // the same silo twice: refused
        Assert.True((bool)Insert(11112, version: 1, now).Single()[0]!);

        Assert.True((bool)Update(11111, version: 2, Dead, "10.1.2.3:11112@42,2026-01-01 00:00:00.000 GMT", now).Single()[0]!);
        Assert.False((bool)Update(11111, version: 2, Active, null, now).Single()[0]!);
        Assert.False((bool)Update(9, version: 3, Active, null, now).Single()[0]!); // no such silo: refused, version unchanged

        var all = Run("MembershipReadAllKey");
        Assert.Equal(2, all.Count);
        Assert.All(all, row => Assert.Equal(3, row[0]));
        using var reader = ReadRow(11111);
        Assert.Equal(3, reader.GetInt32(reader.GetOrdinal("Version")));
        Assert.Equal(Dead, reader.GetInt32(reader.GetOrdinal("Status")));
        Assert.Equal("10.1.2.3:11112@42,2026-01-01 00:00:00.000 GMT", reader.GetString(reader.GetOrdinal("SuspectTimes")));
        Assert.Equal("silo-11111", reader.GetString(reader.GetOrdinal("SiloName")));
        Assert.Equal(12111, reader.GetInt32(reader.GetOrdinal("ProxyPort")));
        Assert.Equal(now, reader.GetDateTime(reader.GetOrdinal("StartTime")), TimeSpan.FromMilliseconds(1));
        Assert.False(reader.Read()); // one row per silo
    }

    [PostgresFact]
    public void Gateways_are_the_active_silos_and_cleanup_removes_only_long_dead_ones()
    {
        var longAgo = DateTime.UtcNow.AddHours(-2);
        Run("InsertMembershipVersionKey");
        Insert(11111, 0, longAgo);
        Insert(11112, 1, longAgo);
        Insert(11113, 2, DateTime.UtcNow);
        Update(11111, 3, Dead, null, longAgo);
        Update(11113, 4, Dead, null, DateTime.UtcNow);

        var gateways = Run("GatewaysQueryKey", P("Status", DbType.Int32, Active));
        Assert.Equal([12112], gateways.Select(g => (int)g[1]!));

        // A heartbeat moves the alive time without a membership change.
        Run("UpdateIAmAlivetimeKey", [.. Silo(11112), P("IAmAliveTime", DbType.DateTime, DateTime.UtcNow)]);
        Run("CleanupDefunctSiloEntriesKey", P("IAmAliveTime", DbType.DateTime, DateTime.UtcNow.AddHours(-1)));
        Assert.Equal([11112, 11113], Run("MembershipReadAllKey").Select(r => (int)r[2]!).Order());
        Assert.All(Run("MembershipReadAllKey"), row => Assert.Equal(5, row[0]));

        Run("DeleteMembershipTableEntriesKey");
        Assert.Empty(Run("MembershipReadAllKey"));
    }

    /// <summary>The provider reads the result columns by name: so does this.</summary>
    private NpgsqlDataReader ReadRow(int port)
    {
        using var lookup = new NpgsqlCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'MembershipReadRowKey'", _connection);
        var command = new NpgsqlCommand((string)lookup.ExecuteScalar()!, _connection);
        command.Parameters.AddRange((NpgsqlParameter[])[P("DeploymentId", DbType.String, _cluster), .. Silo(port)]);
        var reader = command.ExecuteReader();
        reader.Read();
        return reader;
    }

    public void Dispose()
    {
        _connection?.Dispose();
        if (TestPostgres.ConnectionString is { } connectionString)
            TestPostgres.Forget(connectionString, clusterId: _cluster);
    }
}
