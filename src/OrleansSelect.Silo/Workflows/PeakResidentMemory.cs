namespace OrleansSelect.Silo.Workflows;

/// <summary>
/// This process's peak resident memory: the kernel's high-water mark VmHWM from /proc/self/status,
/// which sees native memory (torch, SQLite) as well as the managed heap.
/// </summary>
public static class PeakResidentMemory
{
    public static long OfThisProcess() =>
        File.Exists("/proc/self/status")
            ? Parse(File.ReadAllLines("/proc/self/status"))
            : Environment.WorkingSet; // not Linux: today's resident set is the best there is

    /// <summary>VmHWM in bytes from the lines of a /proc status file ("VmHWM:   123456 kB").</summary>
    public static long Parse(IEnumerable<string> statusLines)
    {
        var line = statusLines.FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("the process status has no VmHWM line");
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
