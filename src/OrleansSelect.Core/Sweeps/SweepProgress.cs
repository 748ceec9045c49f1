using System.Globalization;
using OrleansSelect.Core.Reports;

namespace OrleansSelect.Core.Sweeps;

/// <summary>
/// Where a sweep stands: runs done (earlier or now), running, failed and left, the FLOPs its runs'
/// budgets were charged, and an ETA from the pace of the runs finished since this coordinator started
/// (runs found already done cost nothing, so they do not count toward the pace).
/// </summary>
public sealed record SweepProgress(long Total, long Done, long Running, long Failed, double FlopsSpent, long FinishedHere, TimeSpan Elapsed)
{
    public long Left => Total - Done - Running - Failed;

    /// <summary>Null until a run has finished here; zero when nothing is left to run.</summary>
    public TimeSpan? Eta =>
        Left + Running == 0 ? TimeSpan.Zero
        : FinishedHere == 0 ? null
        : TimeSpan.FromSeconds(Elapsed.TotalSeconds / FinishedHere * (Left + Running));

    public string EtaText => Eta is { } eta ? Format(eta) : "unknown";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Done}/{Total} done, {Running} running, {Left} left{(Failed > 0 ? $", {Failed} failed" : "")}, {ReportWriter.Flops(FlopsSpent)} FLOPs spent, ETA {EtaText}");

    private static string Format(TimeSpan eta) =>
        eta.TotalHours >= 1 ? $"{(int)eta.TotalHours}h{eta.Minutes:00}m" : eta.TotalMinutes >= 1 ? $"{(int)eta.TotalMinutes}m{eta.Seconds:00}s" : $"{eta.Seconds}s";
}
