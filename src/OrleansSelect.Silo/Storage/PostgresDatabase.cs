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
    /// The connection string a process uses: Npgsql's pool capped at <paramref name="maxConnections"/>
    /// (Npgsql's default pool of 100 lets one busy silo take all of the server's connections; callers
    /// past the cap wait for a free one), an application name so that pg_stat_activity shows whose
    /// connections are whose, and the Search Path of OrleansSelect's schema (<see cref="InSchema"/>).
    /// </summary>
    public static string ForProcess(string connectionString, int maxConnections, string applicationName)
    {
        if (maxConnections < 2)
            throw new UserInputException($"a process needs at least 2 database connections (membership and state), got {maxConnections}");
        var builder = Parse(InSchema(connectionString));
        builder.MaxPoolSize = maxConnections;
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, maxConnections);
        builder.ApplicationName ??= applicationName;
        return builder.ConnectionString;
    }

    /// <summary>
    /// The connection string with its Search Path set to OrleansSelect's schema, so that the
    /// unqualified names in Orleans' providers' SQL (OrleansQuery) and in ours resolve there.
    /// </summary>
    public static string InSchema(string connectionString)
    {
        var builder = Parse(connectionString);
        builder.SearchPath = PostgresSchema.NameOf(connectionString);
        return builder.ConnectionString;
    }

    /// <summary>
    /// The connection string with <paramref name="password"/> set through Npgsql's builder, which
    /// quotes it: a password with ';', '=' or quotes cannot end the value or add a key. A null
    /// password leaves the string as it is.
    /// </summary>
    public static string WithPassword(string connectionString, string? password)
    {
        if (password is null) return connectionString;
        var builder = Parse(connectionString);
        builder.Password = password;
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
