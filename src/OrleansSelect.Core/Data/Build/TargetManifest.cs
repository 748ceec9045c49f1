using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansSelect.Core.IO;

namespace OrleansSelect.Core.Data.Build;

/// <summary>target.json: what a built target is and how it was made.</summary>
public sealed record TargetManifest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("labels")] IReadOnlyList<string> Labels,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("reference_count")] int ReferenceCount,
    [property: JsonPropertyName("test_count")] int TestCount,
    [property: JsonPropertyName("pool_count")] long PoolCount,
    [property: JsonPropertyName("pool_bytes")] long PoolBytes)
{
    public const string FileName = "target.json";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public void Save(string directory)
    {
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Options) + "\n");
    }

    public static TargetManifest Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
            throw new UserInputException($"Target folder '{directory}' has no {FileName}; run 'orleansselect data build' first.");
        try
        {
            return JsonSerializer.Deserialize<TargetManifest>(File.ReadAllText(path), Options)
                   ?? throw new UserInputException($"File '{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new UserInputException($"File '{path}' is not a valid target manifest: {e.Message}", e);
        }
    }
}
