using System.Data.Common;
using Orleans.Runtime;
using OrleansSelect.Cli.Console;
using OrleansSelect.Grains.Services;
using OrleansSelect.Silo.Hosting;

namespace OrleansSelect.Cluster.Tests;

/// <summary>A database that fails calls for a moment (a restart): jobs wait it out, anything else says so in one sentence.</summary>
public class DatabaseOutageTests
{
    [Fact]
    public async Task A_job_call_the_database_failed_for_a_moment_is_repeated()
    {
        int calls = 0;
        // As a grain's failed write reaches its caller: Orleans' storage error around the driver's.
        var result = await SiloLossRetry.RunAsync(() => ++calls == 1
            ? throw new OrleansException("Error from storage provider during WriteStateAsync", new FakeDatabaseError("57P01", "terminating connection due to administrator command"))
            : Task.FromResult(5));

        Assert.Equal(5, result);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_storage_error_from_another_grain_with_the_outage_only_in_its_text_is_repeated()
    {
        int calls = 0;
        // As it reached a selection job when the budget grain's write failed during a restart (seen in CI).
        var result = await SiloLossRetry.RunAsync(() => ++calls == 1
            ? throw new OrleansException("Error from storage provider AdoNetGrainStorage.budget-ledger during WriteStateAsync for grain budget/b\nExc level 0: Npgsql.PostgresException: 57P01: terminating connection due to administrator command")
            : Task.FromResult(5));

        Assert.Equal(5, result);
        Assert.Equal(2, calls);
        Assert.False(SiloLossRetry.IsDatabaseOutage(new OrleansException("Exc level 0: Npgsql.PostgresException: 23505: duplicate key value")));
    }

    [Fact]
    public async Task A_ledger_store_error_raised_on_another_silo_is_an_outage_too()
    {
        // What the budget's ledger store throws when PostgreSQL restarts: its text reaches the caller, its inner exception may not.
        var thrown = await Assert.ThrowsAsync<OrleansException>(() => new Silo.Storage.SqlBudgetLedgerStore(
            Silo.Storage.PostgresSchema.Invariant, $"Host=127.0.0.1;Port={FreeTcpPort.Next()};Username=x;Password=x;Database=x;Timeout=2", "service").ReadAsync("b"));
        Assert.StartsWith("Error from the budget ledger store during a read of budget 'b': Npgsql.", thrown.Message);
        Assert.True(SiloLossRetry.IsDatabaseOutage(thrown)); // a refused connection is transient

        var asArrived = new OrleansException("Error from the budget ledger store during a write of budget 'b': Npgsql.PostgresException: 57P01: terminating connection due to administrator command");
        Assert.True(SiloLossRetry.IsDatabaseOutage(asArrived));
    }

    [Fact]
    public async Task A_database_error_that_is_not_an_outage_is_not_repeated()
    {
        int calls = 0;
        await Assert.ThrowsAsync<OrleansException>(() => SiloLossRetry.RunAsync<int>(() =>
        {
            calls++;
            throw new OrleansException("Error from storage provider", new FakeDatabaseError("23505", "duplicate key value"));
        }));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void A_database_outage_reaches_the_user_as_one_sentence()
    {
        var error = new OrleansException("Error from storage provider", new FakeDatabaseError("57P01", "57P01: terminating connection due to administrator command"));

        Assert.Equal(
            "the database failed the command (57P01: terminating connection due to administrator command); run the same command again once it answers, to resume",
            CommandRunner.UserMessage(error));
    }

    private sealed class FakeDatabaseError(string sqlState, string message) : DbException(message)
    {
        public override string SqlState => sqlState;
    }
}
