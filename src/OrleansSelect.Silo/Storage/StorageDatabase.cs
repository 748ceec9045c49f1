using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OrleansSelect.Silo.Storage;

/// <summary>The grain-storage database of either mode, by Orleans' invariant name.</summary>
public static class StorageDatabase
{
    public static DbConnection Connect(string invariant, string connectionString) => invariant switch
    {
        SqliteGrainStorageSchema.Invariant => new SqliteConnection(connectionString),
        PostgresSchema.Invariant => new NpgsqlConnection(connectionString),
        _ => throw new ArgumentException($"no storage database for the invariant '{invariant}'", nameof(invariant)),
    };

    /// <summary>True when the database opens and answers SELECT 1.</summary>
    public static async Task<bool> AnswersAsync(string invariant, string connectionString, CancellationToken cancellation)
    {
        await using var connection = Connect(invariant, connectionString);
        await connection.OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellation)) == 1;
    }
}
