using YamlDotNet.RepresentationModel;

namespace OrleansSelect.Cluster.Tests.Deployment;

/// <summary>The repository's deployment files (k8s/, helm/, Dockerfile), read as YAML where they are YAML.</summary>
public static class DeploymentFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static string Text(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>Every document of a YAML file, as mappings (a manifest file may hold several, split by ---).</summary>
    public static List<YamlMappingNode> Documents(string relative)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(Text(relative));
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    /// <summary>The node at a path of mapping keys, or null.</summary>
    public static YamlNode? At(this YamlNode node, params string[] keys)
    {
        YamlNode? current = node;
        foreach (var key in keys)
            current = current is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
        return current;
    }

    public static string? Scalar(this YamlNode node, params string[] keys) => (node.At(keys) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode node, params string[] keys) =>
        node.At(keys) is YamlSequenceNode sequence ? sequence.Children : [];

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "OrleansSelect.sln"))) return folder.FullName;
        throw new InvalidOperationException($"no OrleansSelect.sln above {AppContext.BaseDirectory}");
    }
}
