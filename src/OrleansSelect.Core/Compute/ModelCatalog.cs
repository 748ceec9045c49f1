namespace OrleansSelect.Core.Compute;

/// <summary>
/// The named model sizes of the family. Non-embedding parameters span about 145x from "nano" to
/// "large", so a selector can be much smaller than the model it selects for. The experiment sizes
/// share a 4,096-token BPE vocabulary (about 3.6 bytes per token on the general corpus) and a
/// 256-token context; "test" stays byte-level (256 bytes plus one boundary token) so unit tests
/// need no trained tokenizer.
/// </summary>
public static class ModelCatalog
{
    /// <summary>256 byte values plus one token that marks the start and end of a text.</summary>
    public const int ByteVocabSize = 257;

    /// <summary>The family's BPE: 256 bytes, the boundary token and 3,839 merges.</summary>
    public const int BpeVocabSize = 4096;

    public const int DefaultContextLength = 256;

    private static readonly ModelShape[] Shapes =
    [
        new("test", Layers: 1, Heads: 2, DModel: 16, ByteVocabSize, ContextLength: 64),          // 3 K, for unit tests
        new("nano", Layers: 2, Heads: 4, DModel: 64, BpeVocabSize, DefaultContextLength),       // 0.10 M
        new("micro", Layers: 4, Heads: 4, DModel: 128, BpeVocabSize, DefaultContextLength),     // 0.79 M
        new("small", Layers: 6, Heads: 8, DModel: 256, BpeVocabSize, DefaultContextLength),     // 4.7 M
        new("large", Layers: 8, Heads: 6, DModel: 384, BpeVocabSize, DefaultContextLength),     // 14.2 M
    ];

    public static IReadOnlyList<string> Names { get; } = Shapes.Select(s => s.Name).ToArray();

    /// <summary>The sizes meant for experiments (everything but "test").</summary>
    public static IReadOnlyList<string> ExperimentNames { get; } = Shapes.Where(s => s.Name != "test").Select(s => s.Name).ToArray();

    public static bool Contains(string name) => Shapes.Any(s => s.Name == name);

    public static ModelShape Get(string name) =>
        Shapes.FirstOrDefault(s => s.Name == name)
        ?? throw new UserInputException($"Model size '{name}' is unknown; known sizes are {string.Join(", ", Names)}.");
}
