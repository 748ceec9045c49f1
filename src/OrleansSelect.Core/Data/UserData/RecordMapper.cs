using System.Runtime.CompilerServices;

namespace OrleansSelect.Core.Data.UserData;

/// <summary>
/// Turns one record's fields into an example under a <see cref="UserDataFormat"/>, or into the
/// reason it cannot be one (missing field, wrong type, empty text). Shared by the JSONL and
/// Parquet readers so both apply the same rules.
/// </summary>
public static class RecordMapper
{
    /// <summary>A field's value: present as a string, absent, or present with another type.</summary>
    public readonly record struct FieldValue(string? Text, bool Present)
    {
        public static FieldValue Missing => new(null, false);
        public static FieldValue NotAString => new(null, true);
        public static FieldValue Of(string text) => new(text, true);
    }

    /// <summary>
    /// The format's <see cref="UserDataFormat.RequiredFields"/>, built once per format instead of once
    /// per record (a format is immutable once made, so the list never goes stale).
    /// </summary>
    public static IReadOnlyList<string> RequiredFields(UserDataFormat format) => FieldLists.GetValue(format, f => f.RequiredFields);

    private static readonly ConditionalWeakTable<UserDataFormat, IReadOnlyList<string>> FieldLists = new();

    public static (PoolExample? Example, string? Error) Map(UserDataFormat format, Func<string, FieldValue> field)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in RequiredFields(format))
        {
            var value = field(name);
            if (!value.Present) return (null, DropReasons.MissingField(name));
            if (value.Text is null) return (null, DropReasons.WrongType(name));
            values[name] = value.Text;
        }

        string prompt, response;
        if (format.TextField is not null)
        {
            prompt = values[format.TextField];
            response = "";
        }
        else
        {
            prompt = values[format.PromptField];
            response = values[format.ResponseField];
        }
        if (string.IsNullOrWhiteSpace(prompt) && string.IsNullOrWhiteSpace(response)) return (null, DropReasons.EmptyText);

        var source = format.SourceField is null ? format.DefaultSource : values[format.SourceField];
        var task = format.TaskField is null ? format.DefaultTask : values[format.TaskField];
        var id = format.IdField is not null && values[format.IdField].Length > 0
            ? values[format.IdField]
            : ExampleIds.For(prompt, response);
        return (new PoolExample(id, prompt, response, source, task), null);
    }
}
