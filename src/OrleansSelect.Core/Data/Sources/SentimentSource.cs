using System.Text.Json;

namespace OrleansSelect.Core.Data.Sources;

/// <summary>
/// UCI Sentiment Labelled Sentences as shipped in npm sentiment's test fixtures
/// (package/test/fixtures/DOMAIN.json: one JSON array of {text, class}, class 1 positive, 0
/// negative). The last record of each file is an empty end marker and is skipped, not an error.
/// </summary>
public sealed class SentimentSource
{
    public const string Package = "sentiment";

    public string FixtureFolder { get; init; } = Path.Combine("package", "test", "fixtures");

    /// <summary>The domain's examples in file order.</summary>
    public IReadOnlyList<PoolExample> ReadDomain(string packageRoot, string domain, SourceContext context)
    {
        var root = SourceFiles.RequireDirectory(packageRoot, FixtureFolder, Package);
        var path = SourceFiles.RequireFile(root, domain + ".json", Package);
        var examples = new List<PoolExample>();
        using var document = context.ReadJson(path, domain);
        if (document is null) return examples;
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            context.Drops.Reject(domain, DropReasons.MalformedJson + " (not an array)", path, 1);
            return examples;
        }
        var records = document.RootElement.EnumerateArray().ToList();
        for (var i = 0; i < records.Count; i++)
        {
            // The file is one line; the record number tells which element is meant.
            var location = $"{path}#{i + 1}";
            var record = records[i];
            var isLast = i == records.Count - 1;
            if (isLast && IsEndMarker(record))
            {
                context.Drops.Skip(domain, DropReasons.EndMarker, $"{Path.GetFileName(path)}#{i + 1}");
                continue;
            }
            var text = context.StringField(record, "text", domain, location, 1);
            if (text is null || !context.HasText(text, domain, location, 1)) continue;
            if (!record.TryGetProperty("class", out var label) || label.ValueKind != JsonValueKind.Number ||
                label.GetInt32() is not (0 or 1))
            {
                context.Drops.Reject(domain, DropReasons.MissingField("class") + " (0 or 1)", location, 1);
                continue;
            }
            var example = SentimentFormat.Create(TextTools.CollapseWhitespace(text), label.GetInt32() == 1, domain);
            if (context.Accept(example, location, 1)) examples.Add(example);
        }
        return examples;
    }

    private static bool IsEndMarker(JsonElement record) =>
        record.ValueKind == JsonValueKind.Object &&
        record.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String &&
        string.IsNullOrWhiteSpace(text.GetString()) &&
        (!record.TryGetProperty("class", out var label) || label.ValueKind == JsonValueKind.Null);
}
