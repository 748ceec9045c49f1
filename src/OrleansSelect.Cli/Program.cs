using OrleansSelect.Cli;
using OrleansSelect.Cli.Console;

return await CommandRunner.InvokeAsync(CliApp.Build(), args);
