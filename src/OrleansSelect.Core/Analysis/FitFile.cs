using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansSelect.Core.IO;

namespace OrleansSelect.Core.Analysis;

/// <summary>
/// The fits as JSON, for the planner: the curves that were fitted and, beside them, the ones that
/// could not be with the reason. NaN (a standard error without spare points) is written as "NaN".
/// </summary>
public static class FitFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private sealed record Document(IReadOnlyList<UtilityFit> Fits, IReadOnlyList<Failure> Failures);

    private sealed record Failure(FitKey Key, int Points, string Reason);

    public static void Write(string path, IEnumerable<FitOutcome> outcomes)
    {
        var all = outcomes.ToArray();
        var document = new Document(
            all.OfType<FitSucceeded>().Select(s => s.Fit).ToArray(),
            all.OfType<FitFailed>().Select(f => new Failure(f.Key, f.Points, f.Reason)).ToArray());
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(document, Json));
    }

    public static IReadOnlyList<UtilityFit> Read(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException($"The fits file {path} does not exist.");
        try
        {
            return JsonSerializer.Deserialize<Document>(File.ReadAllText(path), Json)?.Fits
                   ?? throw new UserInputException($"The fits file {path} is empty.");
        }
        catch (JsonException e)
        {
            throw new UserInputException($"The fits file {path} is not a fits JSON written by `fit` ({e.Message}).", e);
        }
    }
}
