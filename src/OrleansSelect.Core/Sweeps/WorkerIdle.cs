namespace OrleansSelect.Core.Sweeps;

/// <summary>One reading of a silo's compute worker: when, its busy slot-seconds so far, its slots, and how many pieces of a run's own work (trainings) it has started.</summary>
public sealed record WorkerReading(TimeSpan At, double BusySeconds, int Slots, long JobsStarted = 0);

/// <summary>
/// How idle a silo's compute worker was between two readings: of the slot-seconds it had
/// (wall × slots), the share it did not spend running work. A sweep is measured from its start to
/// the moment no run was left to start; after that, silos idle because the grid is used up, not
/// because the coordinator failed to feed them.
/// </summary>
public sealed record WorkerIdle(string Silo, double WallSeconds, double BusySeconds, int Slots)
{
    public double IdleFraction => WallSeconds <= 0 ? 0 : Math.Clamp(1 - BusySeconds / (WallSeconds * Slots), 0, 1);

    public static WorkerIdle Between(string silo, WorkerReading start, WorkerReading end)
    {
        if (end.At < start.At || end.BusySeconds < start.BusySeconds || start.Slots != end.Slots)
            throw new ArgumentException($"the readings of silo {silo} are out of order or from different workers.");
        return new WorkerIdle(silo, (end.At - start.At).TotalSeconds, end.BusySeconds - start.BusySeconds, end.Slots);
    }

    /// <summary>
    /// Idle once a run first had work of its own for this silo: from the last of <paramref name="readings"/>
    /// (in time order, the first taken as the sweep started) before the silo started its first job to
    /// <paramref name="end"/>. Before then the silo waits for the first selections to finish, since a run
    /// trains only on what it selected, and it runs the shard scoring they need (counted busy in
    /// both windows). The window opens at the last reading before the job was seen, so up to one poll's start-up idle stays in it.
    /// Null when the silo started no job before <paramref name="end"/>.
    /// </summary>
    public static WorkerIdle? SinceFirstJob(string silo, IReadOnlyList<WorkerReading> readings, WorkerReading end)
    {
        if (readings.Count == 0)
            throw new ArgumentException($"no readings of silo {silo}.", nameof(readings));
        var seen = readings.Where(r => r.At <= end.At).Append(end).ToList();
        int first = seen.FindIndex(r => r.JobsStarted > readings[0].JobsStarted);
        return first < 0 ? null : Between(silo, seen[Math.Max(0, first - 1)], end);
    }

    /// <summary>The cluster's idle share: idle slot-seconds over all the slot-seconds its silos had.</summary>
    public static double Overall(IReadOnlyCollection<WorkerIdle> silos)
    {
        double capacity = silos.Sum(s => s.WallSeconds * s.Slots);
        return capacity <= 0 ? 0 : Math.Clamp(1 - silos.Sum(s => s.BusySeconds) / capacity, 0, 1);
    }
}
