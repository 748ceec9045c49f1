using System.CommandLine;
using OrleansSelect.Core;
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
            return await root.Parse(args).InvokeAsync(configuration);
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
        AggregateException { InnerExceptions.Count: 1 } a => UserMessage(a.InnerException!),
        _ when e.InnerException is not null => UserMessage(e.InnerException),
        _ => null,
    };
}
