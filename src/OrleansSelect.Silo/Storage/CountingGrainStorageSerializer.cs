using Orleans.Storage;
using OrleansSelect.Grains.Telemetry;

namespace OrleansSelect.Silo.Storage;

/// <summary>
/// The silo's grain-state serializer with every write counted: its bytes and one write, tagged by
/// state type (see <see cref="SelectMetrics.StateWritten"/>). Storage serializes only to write, so
/// this sees every state write the provider makes; reads pass straight through.
/// </summary>
public sealed class CountingGrainStorageSerializer(IGrainStorageSerializer inner) : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input)
    {
        var data = inner.Serialize(input);
        SelectMetrics.StateWritten(typeof(T).Name, data.ToMemory().Length);
        return data;
    }

    public T? Deserialize<T>(BinaryData input) => inner.Deserialize<T>(input);
}
