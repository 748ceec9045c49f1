using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrleansSelect.Core.Compute;
using OrleansSelect.Core.Data;
using OrleansSelect.Core.IO;
using OrleansSelect.Models.Evaluation;
using OrleansSelect.Models.Tokenization;
using OrleansSelect.Models.Training;

namespace OrleansSelect.Models.Pretraining;

/// <summary>
/// Pretrains a base model of a catalog size on the general corpus, or returns the cached checkpoint
/// when one exists for the same config, recipe, precision and corpus content (the cache key is a
/// SHA-256 of all four and the tokenizer). A BPE size first makes sure the family's tokenizer is
/// trained (from the same corpus). Layout: MODELS/pretrained/SIZE-KEY.ckpt with SIZE-KEY.json beside it, and
/// MODELS/pretrained/SIZE.json pointing at the newest, which is what finetuning starts from.
/// </summary>
public static class Pretrainer
{
    public static PretrainedModel Run(string sizeName, string modelsDirectory, PretrainingCorpus corpus, PretrainingRecipe recipe,
        ComputeOptions compute, IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        var shape = ModelCatalog.Get(sizeName);
        var precision = compute.ResolvedPrecision;
        var tokenizerHash = shape.VocabSize == ModelCatalog.ByteVocabSize ? "bytes" : FamilyTokenizer.EnsureTrained(modelsDirectory, corpus.Train);
        var key = CacheKey(shape, recipe, precision, corpus, tokenizerHash);
        var folder = Path.Combine(modelsDirectory, "pretrained");
        var checkpoint = Path.Combine(folder, $"{sizeName}-{key[..16]}.ckpt");
        var metadata = Path.ChangeExtension(checkpoint, ".json");
        if (File.Exists(checkpoint) && File.Exists(metadata))
        {
            var cached = JsonSerializer.Deserialize<PretrainedModel>(File.ReadAllText(metadata))! with { FromCache = true };
            WritePointer(folder, sizeName, cached);
            return cached;
        }

        var clock = Stopwatch.StartNew();
        var tokenizer = FamilyTokenizer.For(shape, modelsDirectory);
        var device = ModelFactory.DeviceFor(compute);
        using var model = ModelFactory.Create(shape, compute, recipe.Seed);
        var data = new PackedSequences(corpus.Train, tokenizer, shape.ContextLength);
        int epochs = (int)Math.Max(1, (recipe.Tokens + data.TokensPerEpoch - 1) / Math.Max(1, data.TokensPerEpoch));
        var run = new TrainingRun(epochs, recipe.BatchSize, recipe.PeakLearningRate,
            FlopModel.TrainFlops(shape, recipe.Tokens, shape.ContextLength), recipe.Seed);
        var trained = LanguageModelTrainer.Train(model, shape, data, run, device, progress, ct);

        var validation = new TargetTask("pretraining-validation", [], corpus.Validation, []);
        var eval = TargetEvaluator.Evaluate(model, shape, tokenizer, validation, device);
        Checkpoint.Save(checkpoint, model, null, new Dictionary<string, string> { ["cacheKey"] = key });
        var result = new PretrainedModel(sizeName, Path.GetFullPath(checkpoint), key, shape.NonEmbeddingParameters,
            trained.Tokens, trained.Steps, trained.Flops, precision.ToString(), clock.Elapsed.TotalSeconds,
            trained.FinalLoss, eval.BitsPerByte);
        AtomicFile.WriteAllText(metadata, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        WritePointer(folder, sizeName, result);
        return result;
    }

    /// <summary>
    /// The newest pretrained base of a size, or null when none was made or the one made no longer fits
    /// the size (a base from before the size changed shape, e.g. the byte-level family before BPE).
    /// </summary>
    public static PretrainedModel? Find(string modelsDirectory, string sizeName)
    {
        var pointer = Path.Combine(modelsDirectory, "pretrained", $"{sizeName}.json");
        if (!File.Exists(pointer)) return null;
        var model = JsonSerializer.Deserialize<PretrainedModel>(File.ReadAllText(pointer));
        if (model is null || !File.Exists(model.CheckpointPath)) return null;
        return Checkpoint.ReadHeader(model.CheckpointPath).Config with { LoraRank = 0 } == GptConfig.From(ModelCatalog.Get(sizeName)) ? model : null;
    }

    /// <summary>The checkpoint's identity: config, recipe, precision, corpus and tokenizer (a retrained BPE makes old bases useless).</summary>
    public static string CacheKey(ModelShape shape, PretrainingRecipe recipe, Precision precision, PretrainingCorpus corpus, string tokenizerHash = "bytes")
    {
        var text = JsonSerializer.Serialize(new { Config = GptConfig.From(shape), recipe, Precision = precision.ToString(), corpus.ContentHash, Tokenizer = tokenizerHash, Format = 1 });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static void WritePointer(string folder, string sizeName, PretrainedModel model) =>
        AtomicFile.WriteAllText(Path.Combine(folder, $"{sizeName}.json"),
            JsonSerializer.Serialize(model with { FromCache = false }, new JsonSerializerOptions { WriteIndented = true }));
}
