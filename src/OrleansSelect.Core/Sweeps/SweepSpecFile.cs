using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OrleansSelect.Core.Sweeps;

/// <summary>
/// Reads a sweep spec from YAML (JSON, being YAML, reads too), with snake_case keys as in
/// sweeps/example.yaml. Relative paths are taken from the spec's folder and '~' is the home folder,
/// so a spec runs the same from anywhere. Also carries the spec to the sweep grain as JSON.
/// </summary>
public static class SweepSpecFile
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static SweepSpec Read(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException($"The sweep spec {path} does not exist.");
        Document document;
        try
        {
            document = Yaml.Deserialize<Document>(File.ReadAllText(path)) ?? throw new UserInputException($"The sweep spec {path} is empty.");
        }
        catch (YamlException e)
        {
            throw new UserInputException($"The sweep spec {path} cannot be read at line {e.Start.Line}: {(e.InnerException ?? e).Message.TrimEnd('.')}.", e);
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return new SweepSpec
        {
            Name = document.Name ?? "",
            Pool = document.Pool ?? "",
            PoolFile = document.PoolFile is { } poolFile ? Resolve(folder, poolFile) : null,
            Targets = (document.Targets ?? []).Select(t => Resolve(folder, t)).ToArray(),
            Methods = (document.Methods ?? []).ToDictionary(m => m.Key, m => (IReadOnlyList<string>)(m.Value ?? [])),
            TrainingSizes = document.TrainingSizes ?? [],
            Fractions = document.Fractions ?? [],
            Tokens = document.Tokens ?? [],
            Seeds = document.Seeds ?? [],
            BudgetPerRun = document.BudgetPerRun,
            TotalBudget = document.TotalBudget,
            Epochs = document.Epochs ?? 1,
            BaseCheckpoint = document.BaseCheckpoint is { } checkpoint ? Resolve(folder, checkpoint) : null,
            Concurrency = document.Concurrency,
        };
    }

    public static string ToJson(SweepSpec spec) => JsonSerializer.Serialize(spec);

    public static SweepSpec FromJson(string json) =>
        JsonSerializer.Deserialize<SweepSpec>(json) ?? throw new InvalidDataException("a sweep's stored spec was null.");

    private static string Resolve(string folder, string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
            path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~', '/'));
        return Path.GetFullPath(Path.Combine(folder, path));
    }

    // The file's shape; every key optional here so that what is missing gets SweepSpec.Validate's sentence.
    private sealed class Document
    {
        public string? Name { get; set; }
        public string? Pool { get; set; }
        public string? PoolFile { get; set; }
        public List<string>? Targets { get; set; }
        public Dictionary<string, List<string>?>? Methods { get; set; }
        public List<string>? TrainingSizes { get; set; }
        public List<double>? Fractions { get; set; }
        public List<double>? Tokens { get; set; }
        public List<int>? Seeds { get; set; }
        public double? BudgetPerRun { get; set; }
        public double? TotalBudget { get; set; }
        public int? Epochs { get; set; }
        public string? BaseCheckpoint { get; set; }
        public int? Concurrency { get; set; }
    }
}
