using OrleansSelect.Silo.Workflows;

namespace OrleansSelect.Cluster.Tests;

public class PeakResidentMemoryTests
{
    [Fact]
    public void VmHWM_is_read_in_bytes_from_the_status_lines()
    {
        string[] status = ["Name:\tdotnet", "VmPeak:\t 9000000 kB", "VmHWM:\t  123456 kB", "VmRSS:\t  100000 kB"];

        Assert.Equal(123456L * 1024, PeakResidentMemory.Parse(status));
    }

    [Fact]
    public void This_process_peak_is_at_least_what_it_holds_now()
    {
        if (!File.Exists("/proc/self/status")) return; // the kernel's figure exists on Linux only

        // The high-water mark never falls, so read after the resident set it is at least.
        long resident = Environment.WorkingSet;
        Assert.True(PeakResidentMemory.OfThisProcess() >= resident);
    }
}
