using Npgsql;
using OrleansSelect.Core;

namespace OrleansSelect.Silo.Storage;

/// <summary>Turns a PostgreSQL connection string into the one-line answers a user needs when it does not work.</summary>
public static class PostgresDatabase
{
    /// <summary>"host:port/database", never the password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = Parse(connectionString);
        return $"{builder.Host ?? "localhost"}:{builder.Port}/{builder.Database ?? builder.Username ?? "(default)"}";
    }

    /// <summary>Opens one connection, so that a dead or unreachable database is one clear error before Orleans starts.</summary>
    public static void EnsureReachable(string connectionString)
    {
        Parse(connectionString);
        try
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            throw Unreachable(connectionString, e);
        }
    }

    public static UserInputException Unreachable(string connectionString, Exception e) =>
        new($"the PostgreSQL database {Describe(connectionString)} cannot be used: {Reason(e)}", e);

    public static NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new UserInputException($"the PostgreSQL connection string is not valid: {e.Message}", e);
        }
    }

    // Npgsql wraps socket failures; the innermost message ("Connection refused") is the useful one.
    private static string Reason(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null && inner is not PostgresException) inner = inner.InnerException;
        return inner.Message.TrimEnd('.');
    }
}
