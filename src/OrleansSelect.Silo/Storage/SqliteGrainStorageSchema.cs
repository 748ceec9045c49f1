using Microsoft.Data.Sqlite;

namespace OrleansSelect.Silo.Storage;

/// <summary>
/// The SQLite schema of the embedded mode: Orleans' ADO.NET grain storage (one state table and the
/// four queries the provider looks up by key in OrleansQuery at start-up) and the budgets' ledger
/// rows (<see cref="SqlBudgetLedgerStore"/>). Applied at every
/// start; every statement is idempotent, and the query texts are replaced so a new release's SQL
/// takes effect without a migration. Versions follow the provider's optimistic concurrency: a
/// write or clear succeeds only where the stored version matches, and returns the new version.
/// </summary>
public static class SqliteGrainStorageSchema
{
    /// <summary>Orleans' name for its SQLite provider; it resolves to Microsoft.Data.Sqlite.</summary>
    public const string Invariant = "System.Data.SQLite";

    // The row key is the state name plus the grain key. A NULL key extension is stored as '' so
    // that the unique index (and the upsert that relies on it) also covers string-keyed grains.
    private const string Tables = """
        CREATE TABLE IF NOT EXISTS OrleansQuery (
            QueryKey  TEXT NOT NULL PRIMARY KEY,
            QueryText TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS GrainState (
            ServiceId        TEXT    NOT NULL,
            StateName        TEXT    NOT NULL,
            KeyN0            INTEGER NOT NULL,
            KeyN1            INTEGER NOT NULL,
            KeyExtension     TEXT    NOT NULL,
            Payload          BLOB    NULL,
            Version          INTEGER NOT NULL,
            ModifiedUtc      TEXT    NOT NULL,
            PRIMARY KEY (ServiceId, StateName, KeyN0, KeyN1, KeyExtension)
        );
        CREATE TABLE IF NOT EXISTS orleansselect_budget_ledger (
            service_id  TEXT    NOT NULL,
            budget      TEXT    NOT NULL,
            total_flops REAL    NOT NULL,
            version     INTEGER NOT NULL,
            PRIMARY KEY (service_id, budget)
        );
        CREATE TABLE IF NOT EXISTS orleansselect_ledger_operation (
            service_id          TEXT NOT NULL,
            budget              TEXT NOT NULL,
            operation_id        TEXT NOT NULL,
            category            TEXT NOT NULL,
            method              TEXT NOT NULL,
            reserved_flops      REAL NOT NULL,
            spent_flops         REAL NOT NULL,
            spend_ceiling_flops REAL NOT NULL,
            status              TEXT NOT NULL,
            PRIMARY KEY (service_id, budget, operation_id)
        );
        """;

    private const string RowMatches = """
        ServiceId = @ServiceId AND StateName = @GrainTypeString
        AND KeyN0 = @GrainIdN0 AND KeyN1 = @GrainIdN1
        AND KeyExtension = COALESCE(@GrainIdExtensionString, '')
        """;

    private static readonly (string Key, string Sql)[] Queries =
    [
        ("ReadFromStorageKey", $"""
            SELECT Payload AS PayloadBinary, Version FROM GrainState WHERE {RowMatches};
            """),
        // Insert version 1 when no row exists; otherwise bump the version only where it matches the
        // caller's. No row comes back on a conflict, which the provider reports as inconsistent state.
        ("WriteToStorageKey", """
            INSERT INTO GrainState (ServiceId, StateName, KeyN0, KeyN1, KeyExtension, Payload, Version, ModifiedUtc)
            SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''),
                   @PayloadBinary, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
            WHERE true
            ON CONFLICT (ServiceId, StateName, KeyN0, KeyN1, KeyExtension) DO UPDATE
                SET Payload = excluded.Payload, Version = GrainState.Version + 1, ModifiedUtc = excluded.ModifiedUtc
                WHERE GrainState.Version = @GrainStateVersion
            RETURNING Version AS NewGrainStateVersion;
            """),
        ("ClearStorageKey", $"""
            UPDATE GrainState SET Payload = NULL, Version = Version + 1, ModifiedUtc = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
            WHERE {RowMatches} AND Version = @GrainStateVersion
            RETURNING Version;
            """),
        ("DeleteStorageKey", $"""
            DELETE FROM GrainState WHERE {RowMatches} AND Version = @GrainStateVersion
            RETURNING Version + 1;
            """),
    ];

    public static void Apply(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        using var transaction = connection.BeginTransaction();
        Execute(connection, Tables, transaction);
        foreach (var (key, sql) in Queries)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ($key, $sql);";
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$sql", sql);
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
