using System.Globalization;

namespace OrleansSelect.Core.Reports;

/// <summary>One of issue 11's scale targets: what it asks, what was measured, and whether it was met.</summary>
public sealed record ScaleTargetCheck(string Target, string Measured, bool Met);

/// <summary>
/// Issue 11's targets, checked on `bench scale`'s measurements (smallest and largest size): time per
/// example within 15% for each method, peak memory within 25%, ingest of a million examples under a
/// minute (projected linearly from the largest size when it is smaller), and each method's grain-state
/// bytes per shard write flat across sizes (within 10%: a state that carries per-example data would
/// grow by far more). Flat across the scorings a shard keeps is a test's (ShardColumnFileTests): here
/// each method keeps one, and methods' writes differ by the length of their operation ids.
/// </summary>
public static class ScaleTargets
{
    public const double TimePerExampleRatio = 1.15;
    public const double PeakMemoryRatio = 1.25;
    public const double IngestSecondsPerMillion = 60.0;
    public const double ShardStateRatio = 1.10;

    public static IReadOnlyList<ScaleTargetCheck> Check(IReadOnlyList<ScaleMeasurement> measurements)
    {
        var checks = new List<ScaleTargetCheck>();
        if (measurements.Count == 0)
            return checks;
        var sorted = measurements.OrderBy(m => m.Size).ToList();
        var (smallest, largest) = (sorted[0], sorted[^1]);
        string sizes = $"{largest.Size:N0} ÷ {smallest.Size:N0}";

        if (largest.Size > smallest.Size)
        {
            foreach (var method in largest.Methods)
            {
                if (smallest.Methods.FirstOrDefault(m => m.Method == method.Method) is not { } small || small.ScoringSeconds <= 0)
                    continue;
                double ratio = largest.MicrosecondsPerExample(method) / smallest.MicrosecondsPerExample(small);
                checks.Add(new($"{method.Method}: time per example, {sizes} ≤ {TimePerExampleRatio:F2}", Ratio(ratio), ratio <= TimePerExampleRatio));
            }
            double memory = (double)largest.PeakResidentBytes / smallest.PeakResidentBytes;
            checks.Add(new($"peak resident memory, {sizes} ≤ {PeakMemoryRatio:F2}", Ratio(memory), memory <= PeakMemoryRatio));
            // Per method: a method's shard writes name its own operation ids (perplexity's name its
            // selector checkpoint), so writes of different methods differ in length at any size.
            foreach (var method in largest.Methods.Where(m => m.ShardStateWrites > 0))
            {
                if (smallest.Methods.FirstOrDefault(m => m.Method == method.Method) is not { ShardStateWrites: > 0 } small)
                    continue;
                double shards = method.BytesPerShardWrite / small.BytesPerShardWrite;
                checks.Add(new($"{method.Method}: grain-state bytes per shard write, {sizes} ≤ {ShardStateRatio:F2}", Ratio(shards), shards <= ShardStateRatio));
            }
        }

        double perMillion = largest.IngestSeconds / largest.Size * 1_000_000;
        checks.Add(new($"ingest of 1,000,000 examples < {IngestSecondsPerMillion:F0} s",
            largest.Size >= 1_000_000
                ? Seconds(perMillion)
                : $"{Seconds(perMillion)} (projected from {largest.IngestSeconds.ToString("F2", CultureInfo.InvariantCulture)} s for {largest.Size:N0})",
            perMillion < IngestSecondsPerMillion));

        return checks;
    }

    private static string Ratio(double ratio) => ratio.ToString("F2", CultureInfo.InvariantCulture);

    private static string Seconds(double seconds) => seconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
}
