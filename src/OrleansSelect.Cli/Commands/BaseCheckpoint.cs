using OrleansSelect.Core;
using OrleansSelect.Models.Pretraining;

namespace OrleansSelect.Cli.Commands;

/// <summary>Where a finetune starts: the size's base from `model pretrain`, or a checkpoint file the user names.</summary>
public static class BaseCheckpoint
{
    public static string Pretrained(string modelsDirectory, string sizeName, string? otherwise = null) =>
        Pretrainer.Find(modelsDirectory, sizeName)?.CheckpointPath
        ?? throw new UserInputException(
            $"size '{sizeName}' has no pretrained base; run `orleansselect model pretrain --size {sizeName}` first{(otherwise is null ? "" : $", or {otherwise}")}");

    public static string FromFile(string path) =>
        File.Exists(path) ? Path.GetFullPath(path) : throw new UserInputException($"the base checkpoint {path} does not exist");
}
