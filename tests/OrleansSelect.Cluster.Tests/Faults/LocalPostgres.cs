using System.Diagnostics;
using Npgsql;
using OrleansSelect.Silo.Storage;

namespace OrleansSelect.Cluster.Tests.Faults;

/// <summary>
/// Stops and starts the Debian PostgreSQL cluster the tests use (pg_ctlcluster, as root, which CI is),
/// found by the port of the tests' connection string. The server is shared, so whatever happens in
/// between, it is started again before the test goes on.
/// </summary>
public static class LocalPostgres
{
    /// <summary>Stops the server, keeps it down for <paramref name="downFor"/>, starts it; returns how long it was down.</summary>
    public static async Task<TimeSpan> RestartAsync(string connectionString, TimeSpan downFor)
    {
        var builder = PostgresDatabase.Parse(connectionString);
        if (builder.Host is not ("127.0.0.1" or "localhost"))
            throw new InvalidOperationException($"the test PostgreSQL on {builder.Host} is not on this machine; this test restarts it and needs a local one");
        var (version, name) = ClusterOnPort(builder.Port);
        var clock = Stopwatch.StartNew();
        await PgCtlClusterAsync(version, name, "stop", "-m", "fast");
        try
        {
            await Task.Delay(downFor);
        }
        finally
        {
            await PgCtlClusterAsync(version, name, "start");
            // This process's pooled connections died with the server; the next use would fail on each.
            NpgsqlConnection.ClearAllPools();
        }
        return clock.Elapsed;
    }

    private static (string Version, string Name) ClusterOnPort(int port)
    {
        // pg_lsclusters -h: "15 main 5432 online postgres /var/lib/... /var/log/..."
        var line = Run("pg_lsclusters", "-h").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(f => f.Length > 3 && f[2] == $"{port}" && f[3] == "online")
            ?? throw new InvalidOperationException($"no PostgreSQL cluster of this machine is online on port {port} (pg_lsclusters)");
        return (line[0], line[1]);
    }

    private static async Task PgCtlClusterAsync(string version, string name, params string[] action)
    {
        await Task.Run(() => Run("pg_ctlcluster", [version, name, .. action]));
    }

    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill();
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} did not end within a minute");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
        return output.Result;
    }
}
