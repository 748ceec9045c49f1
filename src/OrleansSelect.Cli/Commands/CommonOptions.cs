using System.CommandLine;
using OrleansSelect.Core;

namespace OrleansSelect.Cli.Commands;

/// <summary>Options every command understands: where state and data live.</summary>
public static class CommonOptions
{
    public static readonly Option<string> State = new("--state")
    {
        Description = "Folder of the embedded silo's database",
        DefaultValueFactory = _ => AppPaths.DefaultStateDirectory,
        Recursive = true,
    };

    public static readonly Option<string> Data = new("--data")
    {
        Description = "Folder of fetched and built datasets",
        DefaultValueFactory = _ => AppPaths.DefaultDataDirectory,
        Recursive = true,
    };

    public static Option<string> Required(string name, string description) => new(name)
    {
        Description = description,
        Required = true,
    };
}
