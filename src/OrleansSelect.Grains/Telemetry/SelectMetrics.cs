using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansSelect.Core.Budget;
using OrleansSelect.Grains.Services;

namespace OrleansSelect.Grains.Telemetry;

/// <summary>
/// What OrleansSelect measures about itself, published on the meter <see cref="MeterName"/>: FLOPs
/// reserved and charged by category and method (the ledger's own figures), what each budget known
/// to this silo has left, shards and examples scored, tokens trained on and each run's training
/// loss, the seconds the compute worker's slots were busy with its slot count (utilisation is
/// rate(busy) / slots), and the grain-state bytes and writes sent to storage by state type. Rates (examples/s, tokens/s) are Prometheus' rate() over the counters, not meters of their
/// own. The silo exports them for Prometheus at /metrics when it has a web port.
/// </summary>
public static class SelectMetrics
{
    public const string MeterName = "OrleansSelect";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<double> FlopsCharged =
        Meter.CreateCounter<double>("orleansselect.flops.charged", description: "FLOPs committed to budgets");

    private static readonly Counter<double> FlopsReserved =
        Meter.CreateCounter<double>("orleansselect.flops.reserved", description: "FLOPs granted to reservations (released ones included)");

    private static readonly Counter<long> ExamplesScored =
        Meter.CreateCounter<long>("orleansselect.examples.scored", description: "Pool examples scored (cached scores not counted)");

    private static readonly Counter<long> ShardsScored =
        Meter.CreateCounter<long>("orleansselect.shards.scored", description: "Shards scored (cached scores not counted)");

    private static readonly Counter<long> TokensTrained =
        Meter.CreateCounter<long>("orleansselect.training.tokens", description: "Tokens processed by finetuning runs");

    public const string StateBytesWrittenName = "orleansselect.grain_state.bytes_written";
    public const string StateWritesName = "orleansselect.grain_state.writes";

    private static readonly Counter<long> StateBytesWritten =
        Meter.CreateCounter<long>(StateBytesWrittenName, unit: "By", description: "Serialized grain-state bytes sent to storage, by state type");

    private static readonly Counter<long> StateWrites =
        Meter.CreateCounter<long>(StateWritesName, description: "Grain-state writes sent to storage, by state type");

    // The last value each gauge saw, by budget and by run: the silo reports what its activations last knew.
    private static readonly ConcurrentDictionary<string, double> Remaining = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<(string Run, string Size), double> Losses = new();

    // A silo process has one compute worker; a test process hosting several silos sums theirs.
    private static readonly ConcurrentDictionary<ComputeWorker, byte> Workers = new();

    static SelectMetrics()
    {
        Meter.CreateObservableGauge("orleansselect.budget.remaining",
            () => Remaining.Select(r => new Measurement<double>(r.Value, new KeyValuePair<string, object?>("budget", r.Key))),
            description: "FLOPs a budget has left (neither reserved nor spent), for the budgets active on this silo");
        Meter.CreateObservableGauge("orleansselect.training.loss",
            () => Losses.Select(l => new Measurement<double>(l.Value,
                new KeyValuePair<string, object?>("run", l.Key.Run), new KeyValuePair<string, object?>("size", l.Key.Size))),
            description: "Latest training loss of each finetuning run on this silo");
        Meter.CreateObservableCounter("orleansselect.compute.busy_seconds", () => Workers.Keys.Sum(w => w.BusySeconds),
            description: "Seconds the compute worker's slots spent running work (the running work included)");
        Meter.CreateObservableCounter("orleansselect.compute.jobs_started", () => Workers.Keys.Sum(w => w.JobsStarted),
            description: "Pieces of a run's own heavy work (trainings, prepares) the compute worker has started; a shard's scoring not counted");
        Meter.CreateObservableGauge("orleansselect.compute.slots", () => Workers.Keys.Sum(w => w.Slots),
            description: "Pieces of heavy work the compute worker runs at once");
    }

    public static void Charged(LedgerOperation operation) =>
        FlopsCharged.Add(operation.SpentFlops, Tags(operation.Category, operation.Method));

    public static void Reserved(double flops, BudgetCategory category, string method) =>
        FlopsReserved.Add(flops, Tags(category, method));

    public static void BudgetRemaining(string budget, double flops) => Remaining[budget] = flops;

    public static void Scored(string method, int examples)
    {
        var tag = new KeyValuePair<string, object?>("method", method);
        ExamplesScored.Add(examples, tag);
        ShardsScored.Add(1, tag);
    }

    public static void Trained(string size, long tokens) =>
        TokensTrained.Add(tokens, new KeyValuePair<string, object?>("size", size));

    public static void StateWritten(string stateType, long bytes)
    {
        var tag = new KeyValuePair<string, object?>("state", stateType);
        StateBytesWritten.Add(bytes, tag);
        StateWrites.Add(1, tag);
    }

    public static void Observe(ComputeWorker worker) => Workers[worker] = 0;

    public static void Forget(ComputeWorker worker) => Workers.TryRemove(worker, out _);

    public static void TrainingLoss(string run, string size, double loss) => Losses[(run, size)] = loss;

    private static KeyValuePair<string, object?>[] Tags(BudgetCategory category, string method) =>
    [
        new("category", category.ToString().ToLowerInvariant()),
        new("method", method),
    ];
}
