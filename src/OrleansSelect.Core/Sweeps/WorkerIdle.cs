namespace OrleansSelect.Core.Sweeps;

/// <summary>One reading of a silo's compute worker: when, its busy slot-seconds so far, its slots.</summary>
public sealed record WorkerReading(TimeSpan At, double BusySeconds, int Slots);

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

    /// <summary>The cluster's idle share: idle slot-seconds over all the slot-seconds its silos had.</summary>
    public static double Overall(IReadOnlyCollection<WorkerIdle> silos)
    {
        double capacity = silos.Sum(s => s.WallSeconds * s.Slots);
        return capacity <= 0 ? 0 : Math.Clamp(1 - silos.Sum(s => s.BusySeconds) / capacity, 0, 1);
    }
}
