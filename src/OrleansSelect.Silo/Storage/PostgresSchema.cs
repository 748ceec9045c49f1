using Npgsql;

namespace OrleansSelect.Silo.Storage;

/// <summary>
/// The PostgreSQL schema of the cluster mode: grain state and silo membership tables, and the
/// queries that Orleans' ADO.NET storage and clustering providers look up by key in OrleansQuery
/// at start-up. Applied by every silo at start: the statements are idempotent and the query texts
/// are replaced, so a new release's SQL takes effect without a migration. Silos that start at the
/// same moment queue on one advisory lock, since PostgreSQL's CREATE ... IF NOT EXISTS is not safe
/// against a concurrent creation.
/// </summary>
public static class PostgresSchema
{
    /// <summary>Orleans' name for the Npgsql provider.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Any fixed number works; it only has to be the same for every silo of every release.</summary>
    private const long SchemaLockId = 0x4f726c53656c;

    // Membership status values are Orleans' SiloStatus: 3 = Active, 6 = Dead.
    private const string Tables = """
        CREATE TABLE IF NOT EXISTS OrleansQuery (
            QueryKey  text NOT NULL PRIMARY KEY,
            QueryText text NOT NULL
        );
        CREATE TABLE IF NOT EXISTS orleansselect_grain_state (
            service_id    text        NOT NULL,
            state_name    text        NOT NULL,
            key_n0        bigint      NOT NULL,
            key_n1        bigint      NOT NULL,
            key_extension text        NOT NULL,
            payload       bytea       NULL,
            version       integer     NOT NULL,
            modified_utc  timestamptz NOT NULL,
            PRIMARY KEY (service_id, state_name, key_n0, key_n1, key_extension)
        );
        CREATE TABLE IF NOT EXISTS orleansselect_membership_version (
            cluster_id   text        NOT NULL PRIMARY KEY,
            version      integer     NOT NULL,
            modified_utc timestamptz NOT NULL
        );
        CREATE TABLE IF NOT EXISTS orleansselect_membership (
            cluster_id      text        NOT NULL REFERENCES orleansselect_membership_version (cluster_id) ON DELETE CASCADE,
            address         text        NOT NULL,
            port            integer     NOT NULL,
            generation      integer     NOT NULL,
            silo_name       text        NOT NULL,
            host_name       text        NOT NULL,
            status          integer     NOT NULL,
            proxy_port      integer     NOT NULL,
            suspect_times   text        NULL,
            start_time      timestamptz NOT NULL,
            i_am_alive_time timestamptz NOT NULL,
            PRIMARY KEY (cluster_id, address, port, generation)
        );
        """;

    /// <summary>The queries by the key each provider asks for; the SQL texts live in their own files.</summary>
    public static IReadOnlyList<(string Key, string Sql)> Queries { get; } =
        [.. PostgresGrainStorageQueries.All, .. PostgresClusteringQueries.All];

    /// <summary>Creates what is missing and replaces every query text, in one transaction.</summary>
    public static void Apply(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({SchemaLockId});");
        Execute(connection, transaction, Tables);
        foreach (var (key, sql) in Queries)
        {
            using var command = new NpgsqlCommand("""
                INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES (@key, @sql)
                ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
                """, connection, transaction);
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("sql", sql);
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
