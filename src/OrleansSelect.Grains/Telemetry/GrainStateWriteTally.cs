using System.Diagnostics.Metrics;

namespace OrleansSelect.Grains.Telemetry;

/// <summary>Grain-state writes of one state type: how many, and their serialized bytes.</summary>
public sealed record GrainStateWrites(long Bytes, long Writes)
{
    public double BytesPerWrite => Writes == 0 ? 0.0 : (double)Bytes / Writes;
}

/// <summary>
/// The grain-state writes this process's silos made while it was open, by state type, read in-process
/// from the same metrics that /metrics exports (so what a benchmark prints is what Prometheus sees).
/// The meter is process-wide: every silo in the process counts.
/// </summary>
public sealed class GrainStateWriteTally : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, (long Bytes, long Writes)> _byState = new(StringComparer.Ordinal);

    public GrainStateWriteTally()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SelectMetrics.MeterName
                && instrument.Name is SelectMetrics.StateBytesWrittenName or SelectMetrics.StateWritesName)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>(Record);
        _listener.Start();
    }

    /// <summary>Every state type written so far, with its figures.</summary>
    public IReadOnlyDictionary<string, GrainStateWrites> ByState
    {
        get
        {
            lock (_byState)
                return _byState.ToDictionary(s => s.Key, s => new GrainStateWrites(s.Value.Bytes, s.Value.Writes), StringComparer.Ordinal);
        }
    }

    /// <summary>The writes of one state type (a class name such as "ShardState"); zero when it has none.</summary>
    public GrainStateWrites For(string stateType)
    {
        lock (_byState)
            return _byState.TryGetValue(stateType, out var s) ? new GrainStateWrites(s.Bytes, s.Writes) : new GrainStateWrites(0, 0);
    }

    public GrainStateWrites Total
    {
        get
        {
            lock (_byState)
                return new GrainStateWrites(_byState.Values.Sum(s => s.Bytes), _byState.Values.Sum(s => s.Writes));
        }
    }

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? _)
    {
        string state = "";
        foreach (var tag in tags)
            if (tag.Key == "state") state = tag.Value as string ?? "";
        lock (_byState)
        {
            var current = _byState.GetValueOrDefault(state);
            _byState[state] = instrument.Name == SelectMetrics.StateBytesWrittenName
                ? (current.Bytes + value, current.Writes)
                : (current.Bytes, current.Writes + value);
        }
    }

    public void Dispose() => _listener.Dispose();
}
