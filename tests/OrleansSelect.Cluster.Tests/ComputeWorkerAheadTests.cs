using OrleansSelect.Grains.Services;

namespace OrleansSelect.Cluster.Tests;

/// <summary>
/// Work that other jobs wait on (a shard's scoring) takes the heavy slot before the silo's queued
/// trainings, without preempting the one running; the slot queue under it hands each slot out once.
/// </summary>
public class ComputeWorkerAheadTests
{
    [Fact]
    public async Task Ahead_work_takes_the_next_slot_before_queued_work_but_after_the_running_piece()
    {
        using var worker = new ComputeWorker(slots: 1);
        var order = new List<string>();
        void Ran(string name) { lock (order) order.Add(name); }
        using var hold = new ManualResetEventSlim();
        var running = worker.RunAsync(_ => { hold.Wait(); Ran("training 1"); return 0; });
        await Task.Delay(100);
        var queued = new[] { worker.RunAsync(_ => { Ran("training 2"); return 0; }), worker.RunAsync(_ => { Ran("training 3"); return 0; }) };
        await Task.Delay(50);
        var scoring = new[] { worker.RunAheadAsync(_ => { Ran("scoring a"); return 0; }), worker.RunAheadAsync(_ => { Ran("scoring b"); return 0; }) };
        await Task.Delay(100);
        Assert.Empty(order); // the running training is not preempted
        hold.Set();
        await Task.WhenAll([running, .. queued, .. scoring]);
        Assert.Equal(["training 1", "scoring a", "scoring b", "training 2", "training 3"], order);
    }

    [Fact]
    public async Task A_cancelled_wait_holds_no_slot_and_the_next_waiter_gets_it()
    {
        var slots = new SlotQueue(1);
        await slots.WaitAsync(ahead: false, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = slots.WaitAsync(ahead: true, cancel.Token);
        var next = slots.WaitAsync(ahead: false, CancellationToken.None);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        slots.Release();
        await next.WaitAsync(TimeSpan.FromSeconds(10)); // the cancelled waiter was skipped, not handed the slot
        var third = slots.WaitAsync(ahead: false, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(third.IsCompleted); // one slot, held by `next`: never two holders
        slots.Release();
        await third.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
