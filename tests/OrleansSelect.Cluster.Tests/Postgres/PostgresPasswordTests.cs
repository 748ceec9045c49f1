using OrleansSelect.Silo.Storage;

namespace OrleansSelect.Cluster.Tests.Postgres;

public class PostgresPasswordTests
{
    [Theory]
    [InlineData("p;Host=evil.example;Database=other")]
    [InlineData("it's \"quoted\"; = too")]
    [InlineData("'")]
    public void A_password_with_separators_or_quotes_stays_one_value(string password)
    {
        const string parts = "Host=db.internal;Port=5432;Username=orleansselect;Database=orleansselect";

        var connectionString = PostgresDatabase.WithPassword(parts, password);

        var parsed = PostgresDatabase.Parse(connectionString);

        Assert.Equal(password, parsed.Password);
        Assert.Equal("db.internal", parsed.Host);
        Assert.Equal("orleansselect", parsed.Database);
        // Read by the generic ADO.NET parser too: the four parts and the password, no key smuggled in.
        var generic = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        Assert.Equal(5, generic.Count);
    }
}
