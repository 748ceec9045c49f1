namespace OrleansSelect.Silo.Storage;

/// <summary>
/// The four grain storage queries on PostgreSQL, with the same semantics as the SQLite ones:
/// the row key is service, state name and grain key (a NULL key extension stored as ''), and a
/// write, clear or delete succeeds only where the stored version is the caller's, returning the
/// new version; a conflict returns no row, which the provider reports as inconsistent state.
/// </summary>
public static class PostgresGrainStorageQueries
{
    private const string RowMatches = """
        service_id = @ServiceId AND state_name = @GrainTypeString
        AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
        AND key_extension = COALESCE(@GrainIdExtensionString, '')
        """;

    public static IReadOnlyList<(string Key, string Sql)> All { get; } =
    [
        ("ReadFromStorageKey", $"""
            SELECT payload AS "PayloadBinary", version AS "Version"
            FROM orleansselect_grain_state WHERE {RowMatches};
            """),
        // Insert version 1 when no row exists; otherwise bump the version only where it matches the
        // caller's (a NULL version never matches, so "new state" over an existing row is a conflict).
        ("WriteToStorageKey", """
            INSERT INTO orleansselect_grain_state AS s
                (service_id, state_name, key_n0, key_n1, key_extension, payload, version, modified_utc)
            VALUES (@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''),
                    @PayloadBinary, 1, now())
            ON CONFLICT (service_id, state_name, key_n0, key_n1, key_extension) DO UPDATE
                SET payload = EXCLUDED.payload, version = s.version + 1, modified_utc = now()
                WHERE s.version = @GrainStateVersion
            RETURNING s.version AS "NewGrainStateVersion";
            """),
        ("ClearStorageKey", $"""
            UPDATE orleansselect_grain_state SET payload = NULL, version = version + 1, modified_utc = now()
            WHERE {RowMatches} AND version = @GrainStateVersion
            RETURNING version AS "Version";
            """),
        ("DeleteStorageKey", $"""
            DELETE FROM orleansselect_grain_state WHERE {RowMatches} AND version = @GrainStateVersion
            RETURNING version + 1 AS "Version";
            """),
    ];
}
