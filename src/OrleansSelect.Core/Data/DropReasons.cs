namespace OrleansSelect.Core.Data;

/// <summary>The reasons a record is dropped, worded for the statistics report.</summary>
public static class DropReasons
{
    public const string MalformedJson = "malformed JSON";
    public const string InvalidUtf8 = "invalid UTF-8";
    public const string EmptyText = "empty or whitespace-only text";
    public const string TooLarge = "record over the size limit";
    public const string Duplicate = "duplicate of an earlier example";
    public const string EndMarker = "empty end-of-file marker record";
    public const string Leak = "equals a target reference or test example";

    public static string MissingField(string field) => $"missing field '{field}'";
    public static string WrongType(string field) => $"field '{field}' is not a string";
}
