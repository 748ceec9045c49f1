using System.Text;
using System.Text.Json;
using OrleansSelect.Core.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace OrleansSelect.Models.Training;

/// <summary>
/// A model checkpoint: the config, every weight, and (when training) the optimizer's moments and
/// step count, in one file. Tensors are stored as fp32 whatever they were computed in, so a
/// checkpoint loads at any precision. Format: magic, JSON header, then (name, shape, floats) records.
/// </summary>
public static class Checkpoint
{
    private const string Magic = "OSGPT1";

    public sealed record Header(GptConfig Config, long OptimizerSteps, Dictionary<string, string> Metadata);

    public static void Save(string path, Gpt model, AdamW? optimizer, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var file = AtomicFile.Create(path);
        using (var w = new BinaryWriter(file.Stream, Encoding.UTF8, leaveOpen: true))
        {
            var header = new Header(model.Config, optimizer?.StepCount ?? 0, new(metadata ?? new Dictionary<string, string>()));
            w.Write(Magic);
            w.Write(JsonSerializer.Serialize(header));
            var entries = new List<(string, Tensor)>();
            foreach (var (name, p) in model.named_parameters()) entries.Add(("model." + name, p));
            if (optimizer is not null)
            {
                foreach (var (name, m) in optimizer.FirstMoments) entries.Add(("adam.m." + name, m));
                foreach (var (name, v) in optimizer.SecondMoments) entries.Add(("adam.v." + name, v));
            }
            w.Write(entries.Count);
            foreach (var (name, t) in entries) WriteTensor(w, name, t);
        }
        file.Commit();
    }

    public static Header ReadHeader(string path)
    {
        using var r = Open(path);
        return Guarded(path, () => ReadHeader(r, path));
    }

    /// <summary>Refuses a checkpoint whose model has another shape than <paramref name="expected"/>, reading only its header.</summary>
    public static void EnsureShape(string path, GptConfig expected) => EnsureShape(path, ReadHeader(path).Config, expected);

    /// <summary>
    /// Reads the whole file without loading it anywhere, so a cut or garbled file is found before a
    /// model is half overwritten by it. Throws for a file that does not hold a model of <paramref name="expected"/>'s shape.
    /// </summary>
    public static Header Verify(string path, GptConfig expected)
    {
        using var r = Open(path);
        return Guarded(path, () =>
        {
            var header = ReadHeader(r, path);
            EnsureShape(path, header.Config, expected);
            int count = r.ReadInt32();
            using var scope = NewDisposeScope();
            for (int i = 0; i < count; i++) ReadTensor(r);
            if (r.BaseStream.Position != r.BaseStream.Length)
                throw new InvalidDataException($"Checkpoint '{path}' has bytes after its last tensor.");
            return header;
        });
    }

    /// <summary>Loads weights into <paramref name="model"/> (adapters absent from the file keep their init) and, if given, the optimizer state.</summary>
    public static Header Load(string path, Gpt model, AdamW? optimizer = null)
    {
        using var r = Open(path);
        return Guarded(path, () => Load(r, path, model, optimizer));
    }

    // A file cut short (a crash mid-copy, a full disk) must be a clear error naming it, not an EndOfStreamException.
    private static T Guarded<T>(string path, Func<T> read)
    {
        try { return read(); }
        catch (EndOfStreamException e)
        {
            throw new Core.UserInputException($"Checkpoint '{path}' is truncated (it ends before its last tensor); delete it and train again.", e);
        }
    }

    private static Header Load(BinaryReader r, string path, Gpt model, AdamW? optimizer)
    {
        var header = ReadHeader(r, path);
        EnsureShape(path, header.Config, model.Config);
        int count = r.ReadInt32();
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var first = new Dictionary<string, Tensor>();
        var second = new Dictionary<string, Tensor>();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        for (int i = 0; i < count; i++)
        {
            var (name, t) = ReadTensor(r);
            if (name.StartsWith("model.") && parameters.TryGetValue(name[6..], out var p)) p.copy_(t);
            else if (name.StartsWith("adam.m.")) first[name[7..]] = t;
            else if (name.StartsWith("adam.v.")) second[name[7..]] = t;
        }
        optimizer?.Load(first, second, header.OptimizerSteps);
        return header;
    }

    private static void EnsureShape(string path, GptConfig c, GptConfig m)
    {
        if (c.Layers != m.Layers || c.DModel != m.DModel || c.Heads != m.Heads || c.VocabSize != m.VocabSize || c.ContextLength != m.ContextLength)
            throw new Core.UserInputException($"Checkpoint '{path}' holds a model of another shape ({c.Layers} layers, d={c.DModel}) than the one asked for ({m.Layers} layers, d={m.DModel}).");
    }

    private static BinaryReader Open(string path)
    {
        if (!File.Exists(path)) throw new Core.UserInputException($"Checkpoint '{path}' does not exist.");
        return new BinaryReader(File.OpenRead(path), Encoding.UTF8);
    }

    private static Header ReadHeader(BinaryReader r, string path)
    {
        if (r.ReadString() != Magic) throw new Core.UserInputException($"File '{path}' is not an OrleansSelect model checkpoint.");
        return JsonSerializer.Deserialize<Header>(r.ReadString())!;
    }

    private static void WriteTensor(BinaryWriter w, string name, Tensor t)
    {
        w.Write(name);
        w.Write((int)t.dim());
        foreach (var d in t.shape) w.Write(d);
        using var f = t.detach().to(ScalarType.Float32).cpu().contiguous();
        var data = f.data<float>().ToArray();
        w.Write(data.Length);
        var bytes = new byte[data.Length * 4];
        Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
        w.Write(bytes);
    }

    private static (string, Tensor) ReadTensor(BinaryReader r)
    {
        var name = r.ReadString();
        int dims = r.ReadInt32();
        var shape = new long[dims];
        for (int i = 0; i < dims; i++) shape[i] = r.ReadInt64();
        int n = r.ReadInt32();
        var data = new float[n];
        var bytes = r.ReadBytes(n * 4);
        if (bytes.Length < n * 4) throw new EndOfStreamException();
        Buffer.BlockCopy(bytes, 0, data, 0, n * 4);
        return (name, tensor(data, shape));
    }
}
