using Npgsql;
using OrleansSelect.Silo.Storage;

namespace OrleansSelect.Cluster.Tests.Postgres;

/// <summary>The test database, and ids that keep each test's rows apart from every other test's.</summary>
public static class TestPostgres
{
    public const string Variable = "ORLEANSSELECT_TEST_POSTGRES";

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>
    /// The connection string in OrleansSelect's schema (its Search Path), with the schema created or
    /// migrated to this release's version (as `db init` does), so a developer's test database made by
    /// an older release is brought up to date rather than refused.
    /// </summary>
    public static string Require()
    {
        var connectionString = PostgresDatabase.InSchema(ConnectionString
            ?? throw new InvalidOperationException($"{Variable} is not set: CI must give the tests a PostgreSQL (see .ci/run)"));
        PostgresSchema.Migrate(connectionString);
        return connectionString;
    }

    /// <summary>
    /// The connection string with a schema of its own (not created yet), for a test that changes
    /// the schema itself; drop it with <see cref="DropSchema"/>.
    /// </summary>
    public static string WithOwnSchema()
    {
        var builder = PostgresDatabase.Parse(Require());
        builder.SearchPath = $"orleansselect_test_{Guid.NewGuid():N}";
        return builder.ConnectionString;
    }

    public static void DropSchema(string connectionString)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {PostgresSchema.NameOf(connectionString)} CASCADE", connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Whether a table (schema.name) exists.</summary>
    public static bool TableExists(string connectionString, string table)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT to_regclass(@t) IS NOT NULL", connection);
        command.Parameters.AddWithValue("t", table);
        return (bool)command.ExecuteScalar()!;
    }

    public static string UniqueId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Removes what one test wrote, so the shared database does not grow with every run.</summary>
    public static void Forget(string connectionString, string? serviceId = null, string? clusterId = null)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("""
            DELETE FROM orleansselect_grain_state WHERE service_id = @service;
            DELETE FROM orleansselect_ledger_operation WHERE service_id = @service;
            DELETE FROM orleansselect_budget_ledger WHERE service_id = @service;
            DELETE FROM orleansselect_membership_version WHERE cluster_id = @cluster;
            """, connection);
        command.Parameters.AddWithValue("service", (object?)serviceId ?? DBNull.Value);
        command.Parameters.AddWithValue("cluster", (object?)clusterId ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    /// <summary>Removes the rows of one string-keyed grain (and a budget's ledger rows by that name), for tests that must use the default service id.</summary>
    public static void ForgetGrain(string connectionString, string serviceId, string key)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("""
            DELETE FROM orleansselect_grain_state WHERE service_id = @service AND key_extension = @key;
            DELETE FROM orleansselect_ledger_operation WHERE service_id = @service AND budget = @key;
            DELETE FROM orleansselect_budget_ledger WHERE service_id = @service AND budget = @key;
            """, connection);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("key", key);
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a stored query by key with the given parameters, as the ADO.NET providers do; returns its rows.</summary>
    public static List<object?[]> RunStored(NpgsqlConnection connection, string key, params NpgsqlParameter[] parameters)
    {
        using var lookup = new NpgsqlCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = @k", connection);
        lookup.Parameters.AddWithValue("k", key);
        var sql = (string)lookup.ExecuteScalar()!;

        using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Runs one statement on its own connection.</summary>
    public static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>The first column of the first row, or null (also for SQL NULL).</summary>
    public static object? Scalar(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }
}
