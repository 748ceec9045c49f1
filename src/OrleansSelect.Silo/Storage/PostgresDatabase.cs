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

    /// <summary>
    /// The connection string with Npgsql's pool capped at <paramref name="maxConnections"/> and an
    /// application name, so that a process never opens more connections than its share of the
    /// server's limit (Npgsql's default pool of 100 lets one busy silo take them all) and
    /// pg_stat_activity shows whose connections are whose. Callers past the cap wait for a free one.
    /// </summary>
    public static string WithConnectionLimit(string connectionString, int maxConnections, string applicationName)
    {
        if (maxConnections < 2)
            throw new UserInputException($"a process needs at least 2 database connections (membership and state), got {maxConnections}");
        var builder = Parse(connectionString);
        builder.MaxPoolSize = maxConnections;
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, maxConnections);
        builder.ApplicationName ??= applicationName;
        return builder.ConnectionString;
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
