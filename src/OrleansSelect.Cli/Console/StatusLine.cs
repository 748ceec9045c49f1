using System.Globalization;
using Spectre.Console;

namespace OrleansSelect.Cli.Console;

/// <summary>
/// A spinner with a status message while work runs. Messages are interpolated strings whose
/// arguments (paths, names, anything the user typed) are escaped, so `pool [1].jsonl` is shown as
/// it is instead of being read as Spectre markup; the literal text may still carry markup.
/// </summary>
public static class StatusLine
{
    public static Task<T> RunAsync<T>(FormattableString message, Func<Action<FormattableString>, Task<T>> work) =>
        AnsiConsole.Status().StartAsync(Escaped(message), context => work(update => context.Status(Escaped(update))));

    public static string Escaped(FormattableString text) => string.Format(EscapingFormatter.Instance, text.Format, text.GetArguments());

    private sealed class EscapingFormatter : IFormatProvider, ICustomFormatter
    {
        public static readonly EscapingFormatter Instance = new();

        public object? GetFormat(Type? formatType) => formatType == typeof(ICustomFormatter) ? this : null;

        public string Format(string? format, object? argument, IFormatProvider? provider) =>
            Markup.Escape(argument is IFormattable formattable
                ? formattable.ToString(format, CultureInfo.CurrentCulture)
                : argument?.ToString() ?? "");
    }
}
