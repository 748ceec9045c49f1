using System.CommandLine;
using Npgsql;
using OrleansSelect.Silo.Storage;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>`db init`: creates the cluster mode's PostgreSQL schema or migrates it to this release's version.</summary>
public static class DbCommands
{
    public static Command Create()
    {
        var postgres = SiloCommand.PostgresOption();
        var init = new Command("init", "Create OrleansSelect's schema in a PostgreSQL database, or migrate it to this release's version")
        {
            postgres,
        };
        init.SetAction(parse =>
        {
            var connectionString = PostgresDatabase.InSchema(SiloCommand.RequiredConnection(parse, postgres, "db init"));
            PostgresDatabase.EnsureReachable(connectionString);
            PostgresSchema.Outcome outcome;
            try
            {
                outcome = PostgresSchema.Migrate(connectionString);
            }
            catch (NpgsqlException e)
            {
                throw PostgresDatabase.Unreachable(connectionString, e);
            }
            var where = $"schema '{outcome.Schema}' in {PostgresDatabase.Describe(connectionString)}";
            AnsiConsole.MarkupLineInterpolated(outcome.FoundVersion switch
            {
                null when outcome.MovedFrom is { } older =>
                    $"moved an older install's tables from schema '{older}' into {where} at version {outcome.Version} (its OrleansQuery stays in '{older}': another service may use it)",
                null => $"created {where} at version {outcome.Version}",
                var found when found == outcome.Version => $"{where} is already at version {outcome.Version}; query texts refreshed",
                var found => $"migrated {where} from version {found} to version {outcome.Version}",
            });
            return 0;
        });
        return new Command("db", "The cluster mode's PostgreSQL schema") { init };
    }
}
