using System.CommandLine;
using OrleansSelect.Core.Data.UserData;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>`data target`: a target folder from your own reference and test files.</summary>
public static class DataTargetCommand
{
    public static Command Create()
    {
        var name = CommonOptions.Required("--name", "The target's name");
        var reference = CommonOptions.Required("--reference", "JSONL of the few examples you have (convert other formats with `data import`)");
        var test = CommonOptions.Required("--test", "JSONL of the held-out examples the finetuned model is measured on");
        var output = CommonOptions.Required("--out", "The target folder to write");
        var labels = new Option<string?>("--labels") { Description = "Comma-separated label responses (default: found from the test set)" };
        var command = new Command("target", "Make a target folder from your own reference and test files") { name, reference, test, output, labels };
        command.SetAction(parse =>
        {
            var given = parse.GetValue(labels)?.Split(',').ToList();
            var task = UserTargetBuilder.Build(parse.GetValue(name)!, parse.GetValue(reference)!, parse.GetValue(test)!, parse.GetValue(output)!, given);
            var kind = task.IsClassification
                ? $"labels {string.Join(", ", task.Labels.Select(l => $"'{l}'"))}"
                : "no labels (bits per byte only)";
            AnsiConsole.MarkupLineInterpolated(
                $"target [bold]{task.Name}[/] in {parse.GetValue(output)}: {task.Reference.Count} reference, {task.Test.Count} test examples, {kind}");
            return 0;
        });
        return command;
    }
}
