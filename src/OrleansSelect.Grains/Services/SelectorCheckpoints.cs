using System.Collections.Concurrent;
using System.Security.Cryptography;
using OrleansSelect.Abstractions;
using OrleansSelect.Core;
using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Scoring;
using OrleansSelect.Models.Pretraining;

namespace OrleansSelect.Grains.Services;

/// <summary>
/// Which checkpoint a model-based method scores with: the selector size's pretrained base under the
/// models folder, named by the SHA-256 of its bytes. The hash is computed once per file version
/// (path, length, write time) per silo, so every shard can check the file it loads cheaply.
/// </summary>
public static class SelectorCheckpoints
{
    private static readonly ConcurrentDictionary<(string Path, long Length, DateTime Written), string> Hashes = new();

    /// <summary>The selector for <paramref name="method"/>, or null for a method without one; a missing size or base is one sentence.</summary>
    public static SelectorCheckpointView? Resolve(string modelDirectory, ISelectionMethod method, string selectorSize)
    {
        if (!method.NeedsSelector)
            return null;
        if (selectorSize.Length == 0 || selectorSize == "none")
            throw new UserInputException($"method '{method.Name}' scores with a selector model; give --selector SIZE (e.g. nano)");
        ModelCatalog.Get(selectorSize); // an unknown size is its own sentence
        var pretrained = Pretrainer.Find(modelDirectory, selectorSize)
            ?? throw new UserInputException(
                $"selector size '{selectorSize}' has no pretrained base; run `orleansselect model pretrain --size {selectorSize}` first");
        return new SelectorCheckpointView(selectorSize, pretrained.CheckpointPath, HashOf(pretrained.CheckpointPath));
    }

    /// <summary>The selector as a method sees it, after checking the file is still the one the selection named.</summary>
    public static SelectorModel? Load(SelectorCheckpointView? view)
    {
        if (view is null)
            return null;
        if (!File.Exists(view.Path))
            throw new InvalidOperationException($"the selector checkpoint {view.Path} is missing; is the models folder shared by every silo?");
        var hash = HashOf(view.Path);
        if (hash != view.ContentHash)
            throw new UserInputException(
                $"the selector checkpoint {view.Path} changed while the selection ran (SHA-256 {hash[..12]}, not {view.ContentHash[..12]}); run the selection again");
        return new SelectorModel(view.Size, view.Path, view.ContentHash);
    }

    private static string HashOf(string path)
    {
        var info = new FileInfo(path);
        return Hashes.GetOrAdd((info.FullName, info.Length, info.LastWriteTimeUtc), _ =>
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        });
    }
}
