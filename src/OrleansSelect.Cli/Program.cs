using OrleansSelect.Cli;
using OrleansSelect.Cli.Console;
using Spectre.Console;

// Output sent to a file or a pipe would otherwise be laid out for 80 columns, wrapping the tables' figures.
if (System.Console.IsOutputRedirected)
    AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0 ? columns : 200;

return await CommandRunner.InvokeAsync(CliApp.Build(), args);
