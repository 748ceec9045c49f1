using System.Security.Cryptography;
using OrleansSelect.Core;
using OrleansSelect.Core.Compute;

namespace OrleansSelect.Models.Tokenization;

/// <summary>
/// The tokenizer of a catalog size: bytes for a size whose vocabulary is 257, otherwise the family's
/// BPE of <see cref="ModelCatalog.BpeVocabSize"/> tokens. The BPE is trained once, from the general
/// pretraining corpus, by the first pretraining (<see cref="EnsureTrained"/>), and lives in
/// MODELS/tokenizer/bpe-VOCAB.merges, where every later count, finetune and evaluation finds it.
/// Why BPE: byte-level bases pretrained within this machine's minutes never learn words (validation
/// ~3.2 bits per byte after 2M bytes), and sentiment is carried by words; with words as tokens the
/// finetune has the units it needs (see the closing note of issue 4 for the figures).
/// </summary>
public static class FamilyTokenizer
{
    private static readonly object Gate = new();
    private static string? directory;
    private static (string Path, DateTime Written, BpeTokenizer Tokenizer)? loaded;

    /// <summary>The models folder the tokenizer is read from (default: the home's models folder).</summary>
    public static string ModelsDirectory
    {
        get => directory ?? AppPaths.DefaultModelDirectory;
        set { lock (Gate) directory = value; }
    }

    public static string PathIn(string modelsDirectory) =>
        System.IO.Path.Combine(modelsDirectory, "tokenizer", $"bpe-{ModelCatalog.BpeVocabSize}.merges");

    /// <summary>Every 10th text (by position) is plenty for a few thousand merges and keeps training to seconds.</summary>
    public const int TrainingStride = 10;

    public static ITokenizer For(ModelShape shape, string? modelsDirectory = null)
    {
        if (shape.VocabSize == ModelCatalog.ByteVocabSize) return ByteTokenizer.Instance;
        if (shape.VocabSize != ModelCatalog.BpeVocabSize)
            throw new UserInputException($"Model size '{shape.Name}' has a vocabulary of {shape.VocabSize} tokens, which no tokenizer of the family has.");
        return Bpe(PathIn(modelsDirectory ?? ModelsDirectory));
    }

    /// <summary>Trains and saves the BPE from <paramref name="texts"/> unless the models folder already holds it; returns its content hash.</summary>
    public static string EnsureTrained(string modelsDirectory, IReadOnlyList<string> texts)
    {
        var path = PathIn(modelsDirectory);
        lock (Gate)
        {
            if (!File.Exists(path))
                BpeTokenizer.Train(texts.Where((_, i) => i % TrainingStride == 0), ModelCatalog.BpeVocabSize - 257).Save(path);
        }
        return Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
    }

    private static BpeTokenizer Bpe(string path)
    {
        lock (Gate)
        {
            if (!File.Exists(path))
                throw new UserInputException($"The BPE tokenizer '{path}' does not exist; run 'orleansselect model pretrain' first (it trains the tokenizer from the general corpus).");
            var written = File.GetLastWriteTimeUtc(path);
            if (loaded is not { } l || l.Path != path || l.Written != written)
                loaded = (path, written, BpeTokenizer.Load(path));
            return loaded.Value.Tokenizer;
        }
    }
}
