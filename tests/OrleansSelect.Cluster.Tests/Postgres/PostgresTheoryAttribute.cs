namespace OrleansSelect.Cluster.Tests.Postgres;

/// <summary>
/// A theory that needs the PostgreSQL named by ORLEANSSELECT_TEST_POSTGRES. On a developer machine
/// without one it is skipped; in CI (CI=true) it always runs, and fails if the database is missing.
/// </summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (TestPostgres.ConnectionString is null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "PostgreSQL not configured (set ORLEANSSELECT_TEST_POSTGRES)";
    }
}
