using OrleansSelect.Cli;
using OrleansSelect.Cli.Console;
using Spectre.Console;

namespace OrleansSelect.Cluster.Tests;

/// <summary>
/// Runs the real command line in-process with its own state folder and captures what it prints
/// (no colours, no wrapping). Tests that use it share the console, so they run one at a time.
/// </summary>
public sealed class CliHarness : IDisposable
{
    private readonly StringWriter _output = new();

    public CliHarness()
    {
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(_output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        AnsiConsole.Console.Profile.Width = 1000; // no wrapping inside the messages the tests look for
    }

    public TempFolder Folder { get; } = new();

    public async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        _output.GetStringBuilder().Clear();
        int exit = await CommandRunner.InvokeAsync(CliApp.Build(), [.. args, "--state", Folder.File("state")]);
        return (exit, _output.ToString());
    }

    public void Dispose()
    {
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings());
        Folder.Dispose();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliCollection
{
    public const string Name = "command line (shares the console)";
}
