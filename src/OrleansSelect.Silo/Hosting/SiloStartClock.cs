namespace OrleansSelect.Silo.Hosting;

/// <summary>
/// The clock of Orleans' membership area, with monotonic timestamps that start at zero when the
/// silo is built. Orleans 10.4.2's watchdog starts its stall checker before it stamps its first
/// component check, so that checker's first look measures from timestamp 0 (the machine's boot):
/// every silo logged "Participant check thread has not completed for 00:27:30" at start and
/// recorded a false health complaint. From this clock's origin the same look measures the few
/// seconds since the host was built. Orleans uses timestamps only as differences, which are
/// unchanged; wall-clock time and timers are the system's.
/// </summary>
public sealed class SiloStartClock : TimeProvider
{
    private readonly long _origin = System.GetTimestamp();

    public override long GetTimestamp() => System.GetTimestamp() - _origin;
}
