using OrleansSelect.Core;
using OrleansSelect.Models;
using OrleansSelect.Models.Pretraining;
using Spectre.Console;

namespace OrleansSelect.Cli.Commands;

/// <summary>
/// The base model the demo finetunes: "auto" pretrains one of the size on the general corpus (or
/// takes the cached one), "none" starts from random weights, anything else is a checkpoint path.
/// Pretraining makes the base model the paper assumes as given, so it is not charged to the
/// selection-and-training budget; it is done once and cached by content hash.
/// </summary>
public static class DemoBaseModel
{
    public const string Auto = "auto";
    public const string None = "none";

    public static async Task<string?> ResolveAsync(
        string choice, string sizeName, long? pretrainingTokens, string dataDirectory, string modelsDirectory, CancellationToken ct)
    {
        if (choice == None)
            return null;
        if (choice != Auto)
            return BaseCheckpoint.FromFile(choice);

        var corpus = PretrainingCorpus.FromDataDirectory(dataDirectory);
        if (pretrainingTokens <= 0)
            throw new UserInputException($"pretraining needs a positive number of tokens, got {pretrainingTokens}");
        // The size's own recipe by default, so the demo and `model pretrain` share one cached base.
        var recipe = PretrainingRecipe.For(sizeName);
        if (pretrainingTokens is { } tokens)
            recipe = recipe with { Tokens = tokens };
        var model = await TrainingProgressBar.RunAsync($"pretrain base {sizeName} ({recipe.Tokens:N0} tokens, once, cached)",
            progress => Pretrainer.Run(sizeName, modelsDirectory, corpus, recipe, new ComputeOptions(), progress, ct));
        AnsiConsole.MarkupLineInterpolated(
            $"base model {sizeName}: {(model.FromCache ? "cached" : $"pretrained in {model.WallSeconds:F0} s")}, validation {model.ValidationBitsPerByte:F3} bits/byte");
        return model.CheckpointPath;
    }
}
