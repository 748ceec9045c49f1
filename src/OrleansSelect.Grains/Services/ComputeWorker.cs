using System.Diagnostics;
using OrleansSelect.Grains.Telemetry;

namespace OrleansSelect.Grains.Services;

/// <summary>
/// The silo-wide worker for heavy compute (tensors, BM25). Work runs on the thread pool, off the
/// grain scheduler, and at most <see cref="Slots"/> pieces run at once, so torch threads times
/// concurrent work stays within the cores the silo was given. When the silo stops, running work
/// is cancelled, so a stop (Ctrl+C, SIGTERM) ends a training loop cleanly instead of pulling the
/// process out from under native code. It counts the seconds its slots spend running work
/// (<see cref="BusySeconds"/>, published as a metric), so a cluster's idle compute can be measured.
/// Light work (reading a target, a checkpoint's header, a file of ids; small bookkeeping) goes
/// through <see cref="RunLightAsync{T}"/>: off the grain scheduler too, but not behind a training
/// that holds the slot for minutes, so the next run's preparations overlap the current run's compute.
/// Heavy work that other jobs wait on (a shard's scoring, which a selection on any silo needs before it
/// can go on) goes through <see cref="RunAheadAsync{T}"/> and takes the next free slot before the silo's
/// queued trainings: otherwise a run on one silo waits for the trainings queued on every other silo,
/// while its own silo's worker runs dry.
/// </summary>
public sealed class ComputeWorker : IDisposable
{
    private readonly SlotQueue _gate;
    private readonly SlotQueue _lightGate = new(LightSlots);
    private readonly CancellationToken _siloStopping;
    private readonly Lock _clock = new();
    private long _finishedTicks, _running, _runningStartSum, _jobsStarted;

    public ComputeWorker(int slots, CancellationToken siloStopping = default)
    {
        (Slots, _siloStopping, _gate) = (slots, siloStopping, new SlotQueue(slots));
        SelectMetrics.Observe(this);
    }

    public int Slots { get; }

    /// <summary>Light pieces at once: enough that they never queue behind each other for long, few enough not to flood the thread pool.</summary>
    public static readonly int LightSlots = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Slot-seconds spent running work since the worker started, the work running now included.</summary>
    public double BusySeconds
    {
        get
        {
            long now = Stopwatch.GetTimestamp();
            lock (_clock)
                return (double)(_finishedTicks + _running * now - _runningStartSum) / Stopwatch.Frequency;
        }
    }

    /// <summary>
    /// Pieces of a run's own heavy work (a training, a prepare) started so far, ahead work not counted:
    /// a sweep's measure opens a silo's window when its first run's own work reaches it.
    /// </summary>
    public long JobsStarted => Interlocked.Read(ref _jobsStarted);

    public Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellation = default) =>
        RunAsync(work, onStart: null, cancellation);

    /// <summary>
    /// Runs <paramref name="onStart"/> once a slot is held and before the work: what it does (a
    /// budget reservation) happens only when the work really starts, not while it waits in the queue.
    /// When it throws, the work does not run.
    /// </summary>
    public Task<T> RunAsync<T>(Func<CancellationToken, T> work, Func<Task>? onStart, CancellationToken cancellation = default) =>
        Gated(_gate, ahead: false, token => { Interlocked.Increment(ref _jobsStarted); return Timed(work, token); }, onStart, cancellation);

    /// <summary>
    /// Heavy work that jobs elsewhere wait on: counted busy like any, but it takes the next free slot
    /// ahead of work queued with <see cref="RunAsync{T}(Func{CancellationToken, T}, CancellationToken)"/>.
    /// It must be short next to that work, or it would hold the silo's own runs back for long.
    /// </summary>
    public Task<T> RunAheadAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellation = default) =>
        Gated(_gate, ahead: true, token => Timed(work, token), onStart: null, cancellation);

    /// <summary>
    /// Light work: I/O and bookkeeping that takes milliseconds and no torch threads. It does not wait
    /// for the heavy slot and is not counted as busy compute.
    /// </summary>
    public Task<T> RunLightAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellation = default) =>
        Gated(_lightGate, ahead: false, work, onStart: null, cancellation);

    private async Task<T> Gated<T>(
        SlotQueue gate, bool ahead, Func<CancellationToken, T> work, Func<Task>? onStart, CancellationToken cancellation)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _siloStopping);
        var token = linked.Token;
        await gate.WaitAsync(ahead, token).ConfigureAwait(false);
        try
        {
            if (onStart is not null)
                await onStart().ConfigureAwait(false);
            return await Task.Run(() => work(token), token).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    // Only the work itself counts as busy: a slot waiting on its reservation is coordination, not compute.
    private T Timed<T>(Func<CancellationToken, T> work, CancellationToken token)
    {
        long start = Stopwatch.GetTimestamp();
        lock (_clock)
            (_running, _runningStartSum) = (_running + 1, _runningStartSum + start);
        try
        {
            return work(token);
        }
        finally
        {
            long end = Stopwatch.GetTimestamp();
            lock (_clock)
                (_running, _runningStartSum, _finishedTicks) = (_running - 1, _runningStartSum - start, _finishedTicks + end - start);
        }
    }

    public void Dispose()
    {
        SelectMetrics.Forget(this);
    }
}
