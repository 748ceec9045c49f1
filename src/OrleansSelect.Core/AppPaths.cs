namespace OrleansSelect.Core;

/// <summary>
/// Where OrleansSelect keeps things by default: one home folder (ORLEANSSELECT_HOME, else
/// ~/.orleansselect) with data/ for fetched and built datasets, models/ for checkpoints and
/// state/ for the embedded silo's database. Every command can override each with an option.
/// </summary>
public static class AppPaths
{
    public static string Home =>
        Environment.GetEnvironmentVariable("ORLEANSSELECT_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".orleansselect");

    public static string DefaultDataDirectory => Path.Combine(Home, "data");
    public static string DefaultModelDirectory => Path.Combine(Home, "models");
    public static string DefaultStateDirectory => Path.Combine(Home, "state");
    public static string DefaultReportDirectory => Path.Combine(Home, "reports");
}
