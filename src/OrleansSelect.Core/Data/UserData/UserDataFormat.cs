namespace OrleansSelect.Core.Data.UserData;

/// <summary>The file formats a user's pool or target can come in.</summary>
public enum UserFileFormat
{
    Jsonl,
    Parquet,
}

/// <summary>
/// How to map a user's records onto examples: which field holds each part. With
/// <see cref="TextField"/> set the data is text only: prompt = text, response = "". Without
/// <see cref="IdField"/> the id is the content hash; without <see cref="SourceField"/> or
/// <see cref="TaskField"/> every record gets <see cref="DefaultSource"/> / <see cref="DefaultTask"/>.
/// </summary>
public sealed record UserDataFormat
{
    public UserFileFormat Format { get; init; } = UserFileFormat.Jsonl;
    public string? IdField { get; init; }
    public string PromptField { get; init; } = "prompt";
    public string ResponseField { get; init; } = "response";
    public string? SourceField { get; init; }
    public string? TaskField { get; init; }
    public string? TextField { get; init; }
    public string DefaultSource { get; init; } = "user";
    public string DefaultTask { get; init; } = "user";

    /// <summary>Our own JSONL: all five fields present under their own names.</summary>
    public static UserDataFormat Pool { get; } = new()
    {
        IdField = "id", PromptField = "prompt", ResponseField = "response", SourceField = "source", TaskField = "task",
    };

    /// <summary>The fields a record must have under this format, in a fixed order.</summary>
    public IReadOnlyList<string> RequiredFields
    {
        get
        {
            var fields = new List<string>();
            if (IdField is not null) fields.Add(IdField);
            if (TextField is not null)
            {
                fields.Add(TextField);
            }
            else
            {
                fields.Add(PromptField);
                fields.Add(ResponseField);
            }
            if (SourceField is not null) fields.Add(SourceField);
            if (TaskField is not null) fields.Add(TaskField);
            return fields;
        }
    }

    /// <summary>Parses "jsonl" or "parquet"; anything else is a user error naming the value.</summary>
    public static UserFileFormat ParseFormat(string value) => value.Trim().ToLowerInvariant() switch
    {
        "jsonl" or "json" => UserFileFormat.Jsonl,
        "parquet" => UserFileFormat.Parquet,
        _ => throw new UserInputException($"Format '{value}' is not supported; use jsonl or parquet."),
    };
}
