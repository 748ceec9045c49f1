using OrleansSelect.Core.Sweeps;

namespace OrleansSelect.Core.Tests.Sweeps;

public class WorkerIdleTests
{
    [Fact]
    public void Idle_is_the_share_of_slot_seconds_not_spent_running_work()
    {
        var silo = WorkerIdle.Between("a", new WorkerReading(TimeSpan.FromSeconds(10), 4.0, 1), new WorkerReading(TimeSpan.FromSeconds(110), 99.0, 1));

        Assert.Equal((100.0, 95.0), (silo.WallSeconds, silo.BusySeconds));
        Assert.Equal(0.05, silo.IdleFraction, 12);
    }

    [Fact]
    public void The_cluster_weighs_each_silo_by_its_slot_seconds()
    {
        WorkerIdle[] silos =
        [
            new("a", 100, 100, 1), // never idle
            new("b", 100, 150, 2), // 50 of 200 slot-seconds idle
            new("c", 50, 25, 1),   // 25 of 50 idle
        ];

        Assert.Equal(0.25, silos[1].IdleFraction, 12);
        Assert.Equal(75.0 / 350.0, WorkerIdle.Overall(silos), 12);
    }

    [Fact]
    public void Readings_out_of_order_are_refused()
    {
        var later = new WorkerReading(TimeSpan.FromSeconds(5), 3, 1);
        var earlier = new WorkerReading(TimeSpan.FromSeconds(1), 1, 1);
        Assert.Throws<ArgumentException>(() => WorkerIdle.Between("a", later, earlier));
    }
}
