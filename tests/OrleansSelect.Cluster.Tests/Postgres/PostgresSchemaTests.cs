using Npgsql;
using OrleansSelect.Silo.Storage;

namespace OrleansSelect.Cluster.Tests.Postgres;

public class PostgresSchemaTests
{
    // What the 10.4.2 providers look up at start (see shared ORLEANS-ADONET.md): the clustering
    // provider refuses to start without any of the first nine.
    private static readonly string[] RequiredKeys =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
    ];

    [PostgresFact]
    public async Task Silos_starting_together_and_again_leave_one_current_text_per_query()
    {
        var connectionString = TestPostgres.Require();

        // Four silos starting at once, then one more restart: no error, no duplicate, nothing stale.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresSchema.EnsureCurrent(connectionString))));
        using (var connection = new NpgsqlConnection(connectionString))
        {
            connection.Open();
            // Still valid SQL: other tests may be running this query at the same moment.
            using var stale = new NpgsqlCommand(
                "UPDATE OrleansQuery SET QueryText = E'-- an older release\\n' || QueryText WHERE QueryKey = 'ReadFromStorageKey'", connection);
            Assert.Equal(1, stale.ExecuteNonQuery());
        }
        PostgresSchema.EnsureCurrent(connectionString);

        using var reader = new NpgsqlConnection(connectionString);
        reader.Open();
        using var command = new NpgsqlCommand("SELECT QueryKey, QueryText FROM OrleansQuery", reader);
        using var rows = command.ExecuteReader();
        var stored = new List<(string Key, string Text)>();
        while (rows.Read()) stored.Add((rows.GetString(0), rows.GetString(1)));

        Assert.Equal(stored.Count, stored.Select(s => s.Key).Distinct().Count());
        Assert.Empty(RequiredKeys.Except(stored.Select(s => s.Key)));
        foreach (var (key, sql) in PostgresSchema.Queries)
            Assert.Equal(sql, stored.Single(s => s.Key == key).Text);
    }
}
