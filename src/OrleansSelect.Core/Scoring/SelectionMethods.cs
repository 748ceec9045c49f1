using System.Collections.Concurrent;

namespace OrleansSelect.Core.Scoring;

/// <summary>
/// The selection methods a silo knows, by name (and by embedder for methods that have one). It
/// holds whatever methods the silo's services registered, so a project that owns a method (the
/// models project, for embed) registers it beside its code.
/// </summary>
public sealed class SelectionMethods
{
    public const string DefaultEmbedder = "minilm";

    private readonly List<ISelectionMethod> _methods = [];

    // A method with given settings is made once per silo, so its per-silo caches (prepared artifacts) serve every shard.
    private readonly ConcurrentDictionary<(ISelectionMethod, string), ISelectionMethod> _configured = new();

    public SelectionMethods(IEnumerable<ISelectionMethod> methods)
    {
        foreach (var method in methods)
        {
            if (_methods.Any(m => Same(m.Name, method.Name) && Same(m.Embedder ?? "", method.Embedder ?? "")))
                throw new ArgumentException($"two methods are registered as '{method.Name}'{(method.Embedder is null ? "" : $" with embedder '{method.Embedder}'")}.", nameof(methods));
            _methods.Add(method);
        }
        Names = _methods.Select(m => m.Name).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Known method names, sorted.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Every registered method (one per embedder for a method with embedders), by name.</summary>
    public IReadOnlyList<ISelectionMethod> All => _methods.OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Embedder, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The method by name; <paramref name="embedder"/> picks the variant of a method that embeds and is
    /// ignored by the others; <paramref name="settings"/> (canonical <see cref="MethodSettings"/> text,
    /// "" for the defaults) are read and checked by the method.
    /// </summary>
    public ISelectionMethod Get(string method, string embedder = DefaultEmbedder, string settings = "")
    {
        var registered = Registered(method, embedder);
        if (settings.Length == 0)
            return registered;
        return _configured.GetOrAdd((registered, settings), key => key.Item1.WithSettings(MethodSettings.Parse(key.Item2)));
    }

    private ISelectionMethod Registered(string method, string embedder)
    {
        var name = method.Trim();
        var variants = _methods.Where(m => Same(m.Name, name)).ToList();
        if (variants.Count == 0)
            throw new UserInputException($"unknown method '{method}'; known methods: {string.Join(", ", Names)}.");
        if (variants is [{ Embedder: null } only])
            return only;
        return variants.FirstOrDefault(m => Same(m.Embedder ?? "", embedder.Trim()))
            ?? throw new UserInputException(
                $"unknown embedder '{embedder}' for method '{name}'; known embedders: {string.Join(", ", variants.Select(v => v.Embedder).Order(StringComparer.Ordinal))}.");
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
