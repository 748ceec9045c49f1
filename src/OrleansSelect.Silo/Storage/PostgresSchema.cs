using Npgsql;
using OrleansSelect.Core;

namespace OrleansSelect.Silo.Storage;

/// <summary>
/// The PostgreSQL schema of the cluster mode: grain state and silo membership tables, and the
/// queries that Orleans' ADO.NET storage and clustering providers look up by key in OrleansQuery
/// at start-up. Everything lives in a PostgreSQL schema of its own (<see cref="DefaultName"/>, or
/// the one the connection string's Search Path names), so a database shared with another Orleans
/// service keeps its own OrleansQuery; the providers' unqualified SQL finds ours because every
/// connection string carries that Search Path (<see cref="PostgresDatabase.InSchema"/>).
/// The schema records its version: `orleansselect db init` creates or migrates it, and a silo
/// creates a missing one but refuses one of another version. Query texts are replaced on every
/// apply, so a new release's SQL takes effect without a migration. Processes that apply at the
/// same moment queue on one advisory lock, since CREATE ... IF NOT EXISTS is not safe against a
/// concurrent creation.
/// </summary>
public static class PostgresSchema
{
    /// <summary>Orleans' name for the Npgsql provider.</summary>
    public const string Invariant = "Npgsql";

    public const string DefaultName = "orleansselect";

    /// <summary>The layout this release reads and writes; <see cref="Migrations"/> has one step per version.</summary>
    public const int Version = 2;

    /// <summary>Any fixed number works; it only has to be the same for every silo of every release.</summary>
    private const long SchemaLockId = 0x4f726c53656c;

    // Step i takes the schema from version i to i + 1; the version table itself comes first.
    // Membership status values are Orleans' SiloStatus: 3 = Active, 6 = Dead. Step 0 creates only
    // what is missing: an older install's tables, moved in first, already have version 1's layout.
    private static readonly string[] Migrations =
    [
        """
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
        """,
        // Version 2: budgets' ledgers as rows (SqlBudgetLedgerStore); a silo moves an older budget's
        // ledger out of its grain state the first time it activates it.
        """
        CREATE TABLE orleansselect_budget_ledger (
            service_id  text             NOT NULL,
            budget      text             NOT NULL,
            total_flops double precision NOT NULL,
            version     bigint           NOT NULL,
            PRIMARY KEY (service_id, budget)
        );
        CREATE TABLE orleansselect_ledger_operation (
            service_id          text             NOT NULL,
            budget              text             NOT NULL,
            operation_id        text             NOT NULL,
            category            text             NOT NULL,
            method              text             NOT NULL,
            reserved_flops      double precision NOT NULL,
            spent_flops         double precision NOT NULL,
            spend_ceiling_flops double precision NOT NULL,
            status              text             NOT NULL,
            PRIMARY KEY (service_id, budget, operation_id)
        );
        """,
    ];

    /// <summary>The queries by the key each provider asks for; the SQL texts live in their own files.</summary>
    public static IReadOnlyList<(string Key, string Sql)> Queries { get; } =
        [.. PostgresGrainStorageQueries.All, .. PostgresClusteringQueries.All];

    /// <summary>
    /// Releases before the schema kept their tables in <c>public</c> unless the connection string
    /// named a Search Path; their layout is version 1's. `db init` moves them into <see cref="DefaultName"/>. OrleansQuery is not among them: in <c>public</c> it may be
    /// another Orleans service's, so it stays where it is and ours is made afresh.
    /// </summary>
    private const string OlderInstallSchema = "public";

    private static readonly string[] OlderInstallTables =
        ["orleansselect_grain_state", "orleansselect_membership_version", "orleansselect_membership"];

    /// <summary>What an apply found (null: no schema) and left; <paramref name="MovedFrom"/>: the schema an older install's tables were moved from.</summary>
    public sealed record Outcome(string Schema, int? FoundVersion, int Version, string? MovedFrom = null);

    /// <summary>`db init`: creates the schema or migrates it to <see cref="Version"/>, and replaces every query text, in one transaction.</summary>
    public static Outcome Migrate(string connectionString) => Apply(connectionString, migrate: true);

    /// <summary>
    /// A silo's start: creates a missing schema and refreshes the query texts of a current one; a
    /// schema of another version is refused before anything is written.
    /// </summary>
    public static Outcome EnsureCurrent(string connectionString) => Apply(connectionString, migrate: false);

    /// <summary>For a client, which only reads: the schema must exist and be of this release's version.</summary>
    public static void RequireCurrent(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        var schema = NameOf(connectionString);
        var found = FoundVersion(connection, null, schema);
        if (found is null)
            throw new UserInputException($"the PostgreSQL database {PostgresDatabase.Describe(connectionString)} has no OrleansSelect cluster in schema '{schema}' yet: start a silo on it first (orleansselect silo --postgres ...)");
        if (found != Version)
            throw WrongVersion(connectionString, schema, found.Value);
    }

    /// <summary>The schema a connection string uses: its Search Path, which must be one plain name, or <see cref="DefaultName"/>.</summary>
    public static string NameOf(string connectionString)
    {
        var searchPath = PostgresDatabase.Parse(connectionString).SearchPath;
        if (string.IsNullOrWhiteSpace(searchPath)) return DefaultName;
        var name = searchPath.Trim();
        bool plain = name.Length <= 63 && (char.IsAsciiLetterLower(name[0]) || name[0] == '_')
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
        return plain ? name
            : throw new UserInputException($"the connection string's Search Path '{searchPath}' must be one schema name of lower-case letters, digits and '_' (OrleansSelect keeps its tables there)");
    }

    private static Outcome Apply(string connectionString, bool migrate)
    {
        var schema = NameOf(connectionString);
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({SchemaLockId});");
        var found = FoundVersion(connection, transaction, schema);
        if (found > Version || (found is not null && found != Version && !migrate))
            throw WrongVersion(connectionString, schema, found.Value);
        // A silo would otherwise start on an empty schema beside the older install's data. Only for
        // the default schema: an older release given a Search Path made its tables there, where
        // step 0 below takes them as they are.
        bool older = found is null && schema == DefaultName && HasOlderInstall(connection, transaction);
        if (older && !migrate)
            throw new UserInputException(
                $"{PostgresDatabase.Describe(connectionString)} holds an older OrleansSelect install's tables in schema '{OlderInstallSchema}': run `orleansselect db init` once to move them into schema '{schema}'");

        // The migrations name their tables unqualified, as the providers' SQL does: they go to our schema.
        Execute(connection, transaction, $"""
            CREATE SCHEMA IF NOT EXISTS {schema};
            SET LOCAL search_path TO {schema};
            CREATE TABLE IF NOT EXISTS {schema}.orleansselect_schema (version integer NOT NULL, migrated_utc timestamptz NOT NULL);
            """);
        if (older)
            Execute(connection, transaction, string.Concat(OlderInstallTables.Select(t => $"ALTER TABLE {OlderInstallSchema}.{t} SET SCHEMA {schema};\n")));
        for (int step = found ?? 0; step < Version; step++)
            Execute(connection, transaction, Migrations[step]);
        Execute(connection, transaction, $"""
            DELETE FROM {schema}.orleansselect_schema;
            INSERT INTO {schema}.orleansselect_schema (version, migrated_utc) VALUES ({Version}, now());
            """);
        foreach (var (key, sql) in Queries)
        {
            using var command = new NpgsqlCommand($"""
                INSERT INTO {schema}.OrleansQuery (QueryKey, QueryText) VALUES (@key, @sql)
                ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
                """, connection, transaction);
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("sql", sql);
            command.ExecuteNonQuery();
        }
        transaction.Commit();
        return new Outcome(schema, found, Version, older ? OlderInstallSchema : null);
    }

    /// <summary>Whether <see cref="OlderInstallSchema"/> holds a release's grain state table from before the schema (they were made together).</summary>
    private static bool HasOlderInstall(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        using var command = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection, transaction);
        command.Parameters.AddWithValue("table", $"{OlderInstallSchema}.{OlderInstallTables[0]}");
        return (bool)command.ExecuteScalar()!;
    }

    /// <summary>The version recorded in the schema, or null when there is no OrleansSelect schema.</summary>
    private static int? FoundVersion(NpgsqlConnection connection, NpgsqlTransaction? transaction, string schema)
    {
        using var command = new NpgsqlCommand(
            "SELECT to_regclass(@table) IS NOT NULL", connection, transaction);
        command.Parameters.AddWithValue("table", $"{schema}.orleansselect_schema");
        if (!(bool)command.ExecuteScalar()!) return null;
        command.CommandText = $"SELECT max(version) FROM {schema}.orleansselect_schema";
        command.Parameters.Clear();
        return command.ExecuteScalar() as int?;
    }

    private static UserInputException WrongVersion(string connectionString, string schema, int found) => new(found > Version
        ? $"the OrleansSelect schema '{schema}' in {PostgresDatabase.Describe(connectionString)} is version {found}, newer than version {Version} of this release: run the release that made it"
        : $"the OrleansSelect schema '{schema}' in {PostgresDatabase.Describe(connectionString)} is version {found}, this release needs version {Version}: run `orleansselect db init` to migrate it");

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
