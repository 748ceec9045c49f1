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

    [Fact]
    public void After_start_up_counts_from_the_last_reading_before_the_silos_first_job()
    {
        // Jobs started is a process counter: 2 before this sweep, the first of its own seen at 3 s.
        WorkerReading[] readings =
        [
            new(TimeSpan.FromSeconds(0), 10.0, 1, 2),
            new(TimeSpan.FromSeconds(1), 10.5, 1, 2),
            new(TimeSpan.FromSeconds(2), 10.6, 1, 2), // the first selections run: scoring only
            new(TimeSpan.FromSeconds(3), 11.5, 1, 3),
            new(TimeSpan.FromSeconds(4), 12.5, 1, 3),
        ];
        var end = new WorkerReading(TimeSpan.FromSeconds(12), 19.6, 1, 6);

        var fed = WorkerIdle.SinceFirstJob("a", readings, end)!;

        Assert.Equal(10.0, fed.WallSeconds); // from 2 s, so the poll before the job stays in
        Assert.Equal(9.0, fed.BusySeconds, 12);
        Assert.Equal(0.1, fed.IdleFraction, 12);
        Assert.Equal(0.2, WorkerIdle.Between("a", readings[0], end).IdleFraction, 12); // from the start: the 1.4 s idle of start-up counts too

        var seenOnlyAtEnd = WorkerIdle.SinceFirstJob("a", readings[..3], end)!;
        Assert.Equal(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(seenOnlyAtEnd.WallSeconds));
        Assert.Null(WorkerIdle.SinceFirstJob("a", readings[..3], readings[2] with { At = TimeSpan.FromSeconds(5) }));
    }
}
