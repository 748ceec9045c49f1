namespace OrleansSelect.Cluster.Tests.Postgres;

/// <summary>
/// A test that needs the PostgreSQL named by ORLEANSSELECT_TEST_POSTGRES. On a developer machine
/// without one it is skipped; in CI (CI=true) it always runs, and fails if the database is missing.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.ConnectionString is null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "PostgreSQL not configured (set ORLEANSSELECT_TEST_POSTGRES)";
    }
}
