namespace OrleansSelect.Silo.Storage;

/// <summary>
/// The membership queries of Orleans' ADO.NET clustering on PostgreSQL. The provider refuses to
/// start unless every key below is present. Membership follows Orleans' protocol: one table
/// version per cluster, and an insert or update of a silo's row succeeds only together with
/// advancing that version from the one the caller read. Parameters and result columns are the
/// provider's names (DeploymentId is the cluster id); answers of the conditional statements are
/// one boolean row.
/// </summary>
public static class PostgresClusteringQueries
{
    private const string SiloMatches = "address = @Address AND port = @Port AND generation = @Generation";

    // Every read returns at least the version row, with NULL member columns when no silo matches:
    // the provider takes the table version from the first row and a NULL StartTime as "no member".
    private const string MemberColumns = """
        v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
        m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
        m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
        """;

    public static IReadOnlyList<(string Key, string Sql)> All { get; } =
    [
        ("InsertMembershipVersionKey", """
            WITH created AS (
                INSERT INTO orleansselect_membership_version (cluster_id, version, modified_utc)
                VALUES (@DeploymentId, 0, now())
                ON CONFLICT (cluster_id) DO NOTHING
                RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM created);
            """),
        ("MembershipReadAllKey", $"""
            SELECT {MemberColumns}
            FROM orleansselect_membership_version v
            LEFT JOIN orleansselect_membership m ON m.cluster_id = v.cluster_id
            WHERE v.cluster_id = @DeploymentId;
            """),
        ("MembershipReadRowKey", $"""
            SELECT {MemberColumns}
            FROM orleansselect_membership_version v
            LEFT JOIN orleansselect_membership m
                ON m.cluster_id = v.cluster_id
               AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
            WHERE v.cluster_id = @DeploymentId;
            """),
        // The version row is locked and advanced first, so of two silos that read the same version
        // only one inserts; the other waits, sees the new version and gets false.
        ("InsertMembershipKey", $"""
            WITH advanced AS (
                UPDATE orleansselect_membership_version SET version = version + 1, modified_utc = now()
                WHERE cluster_id = @DeploymentId AND version = @Version
                  AND NOT EXISTS (SELECT 1 FROM orleansselect_membership
                                  WHERE cluster_id = @DeploymentId AND {SiloMatches})
                RETURNING cluster_id),
            inserted AS (
                INSERT INTO orleansselect_membership (cluster_id, address, port, generation, silo_name, host_name,
                                                      status, proxy_port, suspect_times, start_time, i_am_alive_time)
                SELECT cluster_id, @Address, @Port, @Generation, @SiloName, @HostName,
                       @Status, @ProxyPort, NULL, @StartTime, @IAmAliveTime
                FROM advanced
                ON CONFLICT DO NOTHING
                RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM inserted);
            """),
        ("UpdateMembershipKey", $"""
            WITH advanced AS (
                UPDATE orleansselect_membership_version SET version = version + 1, modified_utc = now()
                WHERE cluster_id = @DeploymentId AND version = @Version
                  AND EXISTS (SELECT 1 FROM orleansselect_membership
                              WHERE cluster_id = @DeploymentId AND {SiloMatches})
                RETURNING cluster_id),
            updated AS (
                UPDATE orleansselect_membership
                SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
                WHERE cluster_id IN (SELECT cluster_id FROM advanced) AND {SiloMatches}
                RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM updated);
            """),
        // A heartbeat: not a membership change, so the table version stays.
        ("UpdateIAmAlivetimeKey", $"""
            UPDATE orleansselect_membership SET i_am_alive_time = @IAmAliveTime
            WHERE cluster_id = @DeploymentId AND {SiloMatches};
            """),
        ("GatewaysQueryKey", """
            SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
            FROM orleansselect_membership
            WHERE cluster_id = @DeploymentId AND status = @Status AND proxy_port > 0;
            """),
        // The members go with their version row (ON DELETE CASCADE).
        ("DeleteMembershipTableEntriesKey", """
            DELETE FROM orleansselect_membership_version WHERE cluster_id = @DeploymentId;
            """),
        // Rows of silos that died before the given time; live silos never read them again.
        ("CleanupDefunctSiloEntriesKey", """
            DELETE FROM orleansselect_membership
            WHERE cluster_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime;
            """),
    ];
}
