using System.CommandLine;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using OrleansSelect.Core;
using OrleansSelect.Grains.Services;
using Spectre.Console;

namespace OrleansSelect.Cli.Console;

/// <summary>
/// Runs the command line and turns failures into one clear line and an exit code: 2 for errors the
/// user can fix, 130 for Ctrl+C, 1 for anything unexpected (with its details, since it is a bug).
/// </summary>
public static class CommandRunner
{
    public const int UserError = 2;
    public const int Cancelled = 130;
    public const int InternalError = 1;

    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        try
        {
            // A silo needs a few seconds after Ctrl+C or SIGTERM to leave the cluster and stop its compute cleanly.
            var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
            var parse = root.Parse(args);
            // A value the options refuse (see OptionRules), a missing or unknown option: one line each, like every user error.
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors)
                    AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
                return UserError;
            }
            return await parse.InvokeAsync(configuration);
        }
        catch (Exception e) when (UserMessage(e) is { } message)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {message}");
            return UserError;
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[yellow]cancelled[/]; run the same command again to resume");
            return Cancelled;
        }
        catch (Exception e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]internal error:[/] {e}");
            return InternalError;
        }
    }

    /// <summary>The message of a user error, also when it arrives wrapped by a grain call.</summary>
    public static string? UserMessage(Exception e) => e switch
    {
        UserInputException u => u.Message,
        // The process whose embedded silo this command joined ended first, or the cluster's silos went away.
        SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException =>
            "the silo this command was using stopped (the other command on the same state folder ended, or the cluster went down); run this command again to resume",
        AggregateException { InnerExceptions.Count: 1 } a => UserMessage(a.InnerException!),
        _ when e.InnerException is not null && UserMessage(e.InnerException) is { } inner => inner,
        // A command that does not wait out an outage (SiloLossRetry's jobs do) still says what happened in one line.
        _ when SiloLossRetry.IsDatabaseOutage(e) =>
            $"the database failed the command ({e.GetBaseException().Message}); run the same command again once it answers, to resume",
        _ => null,
    };
}
