using System.CommandLine;
using System.CommandLine.Parsing;
using System.Numerics;

namespace OrleansSelect.Cli.Commands;

/// <summary>
/// Range rules declared with a numeric option (`new Option&lt;long&gt;("--tokens").ZeroOrMore()`). They
/// are checked while the command line is parsed, so a bad value is one sentence naming the option
/// before anything is read, started or charged. Floating-point values must also be finite: NaN
/// and 1e400 (infinity) would otherwise slip through every comparison and disable a cap.
/// </summary>
public static class OptionRules
{
    public static Option<T> Positive<T>(this Option<T> option) where T : INumber<T> =>
        option.Rule(v => v > T.Zero, Floating<T>() ? "must be a positive finite number" : "must be positive");

    public static Option<T?> Positive<T>(this Option<T?> option) where T : struct, INumber<T> =>
        option.Rule(v => v is not { } x || x > T.Zero, Floating<T>() ? "must be a positive finite number" : "must be positive");

    public static Option<T> ZeroOrMore<T>(this Option<T> option) where T : INumber<T> =>
        option.Rule(v => v >= T.Zero, Floating<T>() ? "must be zero or a positive finite number" : "must be zero or more");

    public static Option<T?> ZeroOrMore<T>(this Option<T?> option) where T : struct, INumber<T> =>
        option.Rule(v => v is not { } x || x >= T.Zero, Floating<T>() ? "must be zero or a positive finite number" : "must be zero or more");

    private static Option<TValue> Rule<TValue>(this Option<TValue> option, Func<TValue, bool> holds, string requirement)
    {
        option.Validators.Add(result =>
        {
            // Defaults are the program's own; a value that did not even parse already has its error.
            if (result.Implicit || result.Tokens.Count == 0 || !TryGetValue(result, out TValue value)) return;
            if (!holds(value) || !IsFinite(value))
                result.AddError($"{option.Name} {requirement}, got {string.Join(" ", result.Tokens.Select(t => t.Value))}");
        });
        return option;
    }

    private static bool TryGetValue<TValue>(OptionResult result, out TValue value)
    {
        try
        {
            value = result.GetValueOrDefault<TValue>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }

    private static bool IsFinite<TValue>(TValue value) => value switch
    {
        double d => double.IsFinite(d),
        float f => float.IsFinite(f),
        _ => true,
    };

    private static bool Floating<T>() => typeof(T) == typeof(double) || typeof(T) == typeof(float);
}
