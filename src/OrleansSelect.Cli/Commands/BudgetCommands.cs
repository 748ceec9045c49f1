using System.CommandLine;
using OrleansSelect.Abstractions;
using OrleansSelect.Cli.Console;
using OrleansSelect.Core;
using OrleansSelect.Core.Reports;
using OrleansSelect.Grains.Services;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>`budget create` and `budget status`: the FLOP ledger that selection and training share.</summary>
public static class BudgetCommands
{
    public static Command Create()
    {
        var budget = new Command("budget", "Create a FLOP budget or show how it was spent");

        var name = CommonOptions.Required("--name", "The budget's name");
        var flops = new Option<double>("--flops") { Description = "Total FLOPs, e.g. 2e15", Required = true };
        var create = new Command("create", "Create a budget with a total number of FLOPs") { name, flops };
        create.SetAction(async (parse, ct) =>
        {
            await using var silo = await SiloSession.StartAsync(parse, ct);
            // Creating is idempotent: a call that met a silo just lost is repeated once membership moves on.
            var view = await SiloLossRetry.RunAsync(() => silo.Grains.GetGrain<IBudgetGrain>(parse.GetValue(name)!).Create(parse.GetValue(flops)), cancellation: ct);
            Show(view);
            return 0;
        });

        var statusName = CommonOptions.Required("--name", "The budget's name");
        var status = new Command("status", "Show total, reserved, spent and remaining FLOPs, by category and by method") { statusName };
        status.SetAction(async (parse, ct) =>
        {
            await using var silo = await SiloSession.StartAsync(parse, ct);
            var grain = silo.Grains.GetGrain<IBudgetGrain>(parse.GetValue(statusName)!);
            if (!await grain.Exists())
                throw new UserInputException($"no budget named '{parse.GetValue(statusName)}' exists");
            Show(await grain.GetStatus());
            return 0;
        });

        budget.Subcommands.Add(create);
        budget.Subcommands.Add(status);
        return budget;
    }

    public static void Show(BudgetView view)
    {
        var summary = new Table().Title($"budget {Markup.Escape(view.Name)}").AddColumns("", "FLOPs", "share of total");
        void Row(string label, double value) =>
            summary.AddRow(label, ReportWriter.Flops(value), (value / view.TotalFlops).ToString("P1"));
        Row("total", view.TotalFlops);
        Row("reserved", view.ReservedFlops);
        Row("spent", view.SpentFlops);
        Row("remaining", view.RemainingFlops);
        AnsiConsole.Write(summary);

        foreach (var (title, lines) in new[] { ("by category", view.ByCategory), ("by method", view.ByMethod) })
        {
            var table = new Table().Title(title).AddColumns("", "reserved", "spent");
            foreach (var line in lines)
                table.AddRow(Markup.Escape(line.Name), ReportWriter.Flops(line.ReservedFlops), ReportWriter.Flops(line.SpentFlops));
            AnsiConsole.Write(table);
        }
        if (view.OpenReservations > 0)
            AnsiConsole.MarkupLine($"{view.OpenReservations} reservation(s) still open (work under way, or interrupted and not yet resumed)");
    }
}
