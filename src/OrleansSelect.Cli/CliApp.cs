using System.CommandLine;
using OrleansSelect.Cli.Commands;

namespace OrleansSelect.Cli;

/// <summary>The `orleansselect` command tree, built in one place for the program and its tests.</summary>
public static class CliApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand("OrleansSelect: compute-constrained data selection for finetuning, on Microsoft Orleans.");
        root.Options.Add(CommonOptions.State);
        root.Options.Add(CommonOptions.Data);
        root.Options.Add(CommonOptions.WebPort);
        root.Options.Add(CommonOptions.Cluster);
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(IngestCommand.Create());
        root.Subcommands.Add(SelectCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(BudgetCommands.Create());
        root.Subcommands.Add(DataCommands.Create());
        root.Subcommands.Add(ModelCommands.Create());
        root.Subcommands.Add(BenchCommands.Create());
        root.Subcommands.Add(CostCommand.Create());
        root.Subcommands.Add(SiloCommand.Create());
        root.Subcommands.Add(DbCommands.Create());
        root.Subcommands.Add(FitCommand.Create());
        root.Subcommands.Add(SweepCommands.Create());
        root.Subcommands.Add(PlanCommand.Create());
        return root;
    }
}
