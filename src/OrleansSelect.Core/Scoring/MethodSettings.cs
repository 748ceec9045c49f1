using System.Globalization;

namespace OrleansSelect.Core.Scoring;

/// <summary>
/// The settings a user gave a method, by the name of their `select` option without its dashes
/// ("warmup-epochs" → "2"); empty means the method's defaults. A selection request carries them as
/// <see cref="Canonical"/> text (names sorted, so equal settings are equal requests) and the method
/// reads them in <see cref="ISelectionMethod.WithSettings"/>. The method's own
/// <see cref="ISelectionMethod.Settings"/>, not this text, is what cache keys hold, so a setting
/// given at its default value scores and caches as the default does.
/// </summary>
public sealed class MethodSettings
{
    private readonly SortedDictionary<string, string> _values;

    public MethodSettings(IEnumerable<KeyValuePair<string, string>> values)
    {
        _values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            if (name.Length == 0 || name.Contains('=') || name.Contains(';') || value.Contains(';'))
                throw new ArgumentException($"method setting '{name}={value}' cannot be written canonically.", nameof(values));
            _values[name] = value;
        }
    }

    public static MethodSettings None { get; } = new([]);

    public bool IsEmpty => _values.Count == 0;

    public IEnumerable<string> Names => _values.Keys;

    /// <summary>"name=value;name=value", names sorted; "" when empty.</summary>
    public string Canonical => string.Join(';', _values.Select(v => $"{v.Key}={v.Value}"));

    public static MethodSettings Parse(string canonical) =>
        string.IsNullOrEmpty(canonical)
            ? None
            : new(canonical.Split(';').Select(pair => pair.Split('=', 2) is [var name, var value]
                ? KeyValuePair.Create(name, value)
                : throw new ArgumentException($"'{pair}' is not a method setting (name=value).", nameof(canonical))));

    public static MethodSettings Of(params (string Name, IFormattable? Value)[] values) =>
        new(values.Where(v => v.Value is not null)
            .Select(v => KeyValuePair.Create(v.Name, v.Value!.ToString(null, CultureInfo.InvariantCulture))));

    public double? Double(string name) => Read(name, text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));

    public int? Int(string name) => Read(name, text => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture));

    /// <summary>Refuses a setting the method does not read, naming it and the methods' settings.</summary>
    public void RequireOnly(string method, IReadOnlyCollection<string> known)
    {
        if (_values.Keys.FirstOrDefault(n => !known.Contains(n)) is { } unknown)
            throw new UserInputException(known.Count == 0
                ? $"method '{method}' has no settings; --{unknown} is not one of its options."
                : $"method '{method}' has no setting --{unknown}; its settings are {string.Join(", ", known.Select(k => $"--{k}"))}.");
    }

    private T? Read<T>(string name, Func<string, T> parse) where T : struct
    {
        if (!_values.TryGetValue(name, out var text))
            return null;
        try
        {
            return parse(text);
        }
        catch (FormatException)
        {
            throw new UserInputException($"--{name} must be a number, got '{text}'.");
        }
        catch (OverflowException)
        {
            throw new UserInputException($"--{name} is out of range, got '{text}'.");
        }
    }
}
