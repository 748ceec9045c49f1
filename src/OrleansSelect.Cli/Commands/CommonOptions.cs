using System.CommandLine;
using OrleansSelect.Core;
using OrleansSelect.Silo.Storage;

namespace OrleansSelect.Cli.Commands;

/// <summary>Options every command understands: where state and data live, and which cluster to use.</summary>
public static class CommonOptions
{
    public static readonly Option<string> State = new("--state")
    {
        Description = "Folder of the embedded silo's database",
        DefaultValueFactory = _ => AppPaths.DefaultStateDirectory,
        Recursive = true,
    };

    public static readonly Option<string> Data = new("--data")
    {
        Description = "Folder of fetched and built datasets",
        DefaultValueFactory = _ => AppPaths.DefaultDataDirectory,
        Recursive = true,
    };

    public const string ClusterVariable = "ORLEANSSELECT_CLUSTER";

    // No default value here: --help would print the connection string, password included.
    public static readonly Option<string?> Cluster = new("--cluster")
    {
        Description = $"PostgreSQL connection string of a cluster to use as a client instead of the embedded silo (or env {ClusterVariable})",
        Recursive = true,
    };

    /// <summary>The cluster's connection string, or null for the embedded silo.</summary>
    /// <summary>A target given as a built domain's name (yelp, amazon, imdb) or as a folder: its folder.</summary>
    public static string TargetDirectory(ParseResult parse, string target) =>
        Directory.Exists(target) ? Path.GetFullPath(target) : Path.Combine(new Core.Data.Build.DataLayout(parse.GetValue(Data)!).Built, target);

    public static string? ClusterConnection(ParseResult parse) => PostgresConnection(parse.GetValue(Cluster), ClusterVariable);

    public const string PostgresPasswordVariable = "ORLEANSSELECT_POSTGRES_PASSWORD";

    /// <summary>
    /// A PostgreSQL connection string from its option, else from its variable, with the password
    /// from ORLEANSSELECT_POSTGRES_PASSWORD when that is set. Deployments keep the password in a
    /// Secret of its own and the rest of the string in plain configuration; the password is set
    /// through Npgsql's builder, so ';' or quotes in it cannot break the string. Null when neither is given.
    /// </summary>
    public static string? PostgresConnection(string? given, string variable) =>
        (given is { Length: > 0 } ? given : Variable(variable)) is { } connectionString
            ? PostgresDatabase.WithPassword(connectionString, Variable(PostgresPasswordVariable))
            : null;

    /// <summary>An environment variable's value, or null when it is unset or empty (an empty one means unset).</summary>
    public static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    // --metrics-port is the name this option had when the port served only metrics.
    public static readonly Option<int?> WebPort = new("--web-port", "--metrics-port")
    {
        Description = "Serve the silo's status page (/), Prometheus metrics (/metrics), probes (/healthz, /ready) and the Orleans Dashboard (/dashboard) on this port; an embedded silo listens on 127.0.0.1 only, a cluster silo on every interface",
        Recursive = true,
    };

    public static Option<string> Required(string name, string description) => new(name)
    {
        Description = description,
        Required = true,
    };
}
