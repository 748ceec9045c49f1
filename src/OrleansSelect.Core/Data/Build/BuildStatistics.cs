using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansSelect.Core.IO;

namespace OrleansSelect.Core.Data.Build;

/// <summary>Examples and bytes (UTF-8 of prompt + response) of one source and task.</summary>
public sealed record SourceTaskCount(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("examples")] long Examples,
    [property: JsonPropertyName("bytes")] long Bytes);

/// <summary>What was built for one target.</summary>
public sealed record TargetCount(
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("pool_examples")] long PoolExamples,
    [property: JsonPropertyName("pool_file_bytes")] long PoolFileBytes,
    [property: JsonPropertyName("reference")] int Reference,
    [property: JsonPropertyName("test")] int Test,
    [property: JsonPropertyName("leaks_removed")] long LeaksRemoved,
    [property: JsonPropertyName("pool_sha256")] string PoolSha256);

/// <summary>
/// A pool source left out because its package was not fetched (a Debian package off Debian 12):
/// every pool built without it differs from the reference build, as its pool_sha256 shows.
/// </summary>
public sealed record SkippedSource(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("package")] string Package,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>Records left out, by source and reason, with file:line samples.</summary>
public sealed record DropCount(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("samples")] IReadOnlyList<string> Samples);

/// <summary>
/// The statistics of a build, saved as stats.json and stats.md. Holds no times or machine names,
/// so two builds of the same inputs write the same bytes.
/// </summary>
public sealed record BuildStatistics(
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("sources")] IReadOnlyList<SourceTaskCount> Sources,
    [property: JsonPropertyName("targets")] IReadOnlyList<TargetCount> Targets,
    [property: JsonPropertyName("dropped")] IReadOnlyList<DropCount> Dropped,
    [property: JsonPropertyName("skipped_sources")] IReadOnlyList<SkippedSource> Skipped)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [JsonIgnore] public long TotalExamples => Sources.Sum(s => s.Examples);
    [JsonIgnore] public long TotalBytes => Sources.Sum(s => s.Bytes);

    /// <summary>Counts examples and bytes per (source, task), ordered by source then task.</summary>
    public static IReadOnlyList<SourceTaskCount> Count(IEnumerable<PoolExample> examples) =>
        examples.GroupBy(e => (e.Source, e.Task))
            .Select(g => new SourceTaskCount(g.Key.Source, g.Key.Task, g.LongCount(),
                g.Sum(e => (long)Encoding.UTF8.GetByteCount(e.Prompt) + Encoding.UTF8.GetByteCount(e.Response))))
            .OrderBy(c => c.Source, StringComparer.Ordinal).ThenBy(c => c.Task, StringComparer.Ordinal)
            .ToList();

    public static IReadOnlyList<DropCount> From(DropLog drops) =>
        drops.Entries.Select(e => new DropCount(e.Source, e.Reason, e.Count, e.Samples.ToList())).ToList();

    public void Save(string jsonPath, string markdownPath)
    {
        AtomicFile.WriteAllText(jsonPath, JsonSerializer.Serialize(this, Options) + "\n");
        AtomicFile.WriteAllText(markdownPath, ToMarkdown());
    }

    public static BuildStatistics Load(string jsonPath) =>
        JsonSerializer.Deserialize<BuildStatistics>(File.ReadAllText(jsonPath), Options)
        ?? throw new UserInputException($"File '{jsonPath}' holds no statistics.");

    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.Append("# Data build statistics\n\n");
        md.Append(c, $"Seed {Seed}. Examples read from the sources, before per-target leak removal.\n\n");
        if (Skipped.Count > 0)
        {
            md.Append("**Incomplete build**: these sources were skipped, so the pools differ from the reference ones " +
                      "(compare pool_sha256 with the README); `orleansselect data fetch --strict` says what is missing.\n\n");
            foreach (var k in Skipped) md.Append(c, $"- {k.Source} ({k.Package}): {k.Reason}\n");
            md.Append('\n');
        }
        md.Append("| source | task | examples | bytes |\n|---|---|---:|---:|\n");
        foreach (var s in Sources) md.Append(c, $"| {s.Source} | {s.Task} | {s.Examples:N0} | {s.Bytes:N0} |\n");
        md.Append(c, $"| **total** | | **{TotalExamples:N0}** | **{TotalBytes:N0}** |\n\n");
        md.Append("## Targets\n\n| target | pool examples | pool file bytes | reference | test | leaks removed | pool SHA-256 |\n|---|---:|---:|---:|---:|---:|---|\n");
        foreach (var t in Targets)
            md.Append(c, $"| {t.Target} | {t.PoolExamples:N0} | {t.PoolFileBytes:N0} | {t.Reference} | {t.Test} | {t.LeaksRemoved:N0} | `{t.PoolSha256}` |\n");
        md.Append("\n## Dropped records\n\n| source | reason | count | samples |\n|---|---|---:|---|\n");
        foreach (var d in Dropped)
            md.Append(c, $"| {d.Source} | {d.Reason} | {d.Count:N0} | {string.Join(", ", d.Samples.Select(s => $"`{s}`"))} |\n");
        return md.ToString();
    }
}
