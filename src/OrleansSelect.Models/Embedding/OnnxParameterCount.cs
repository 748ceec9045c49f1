using Google.Protobuf;

namespace OrleansSelect.Models.Embedding;

/// <summary>
/// Counts a model's parameters from its ONNX file: the elements of the graph's floating-point
/// initializers (the weights). Integer initializers (shape constants, position-id buffers) are not
/// parameters. Reads the protobuf fields it needs and skips the rest, so it needs no generated
/// ONNX classes: ModelProto.graph = 7, GraphProto.initializer = 5, TensorProto.dims = 1 and
/// TensorProto.data_type = 2 (1 float, 10 float16, 11 double, 16 bfloat16).
/// </summary>
public static class OnnxParameterCount
{
    private const int ModelGraph = 7;
    private const int GraphInitializer = 5;
    private const int TensorDims = 1;
    private const int TensorDataType = 2;
    private static readonly HashSet<int> FloatingPointTypes = [1, 10, 11, 16];

    public static long Count(byte[] onnxModel)
    {
        long total = 0;
        foreach (var graph in Fields(ByteString.CopyFrom(onnxModel), ModelGraph))
            foreach (var initializer in Fields(graph, GraphInitializer))
                total += FloatingPointElements(initializer);
        return total;
    }

    private static long FloatingPointElements(ByteString tensor)
    {
        var input = tensor.CreateCodedInput();
        long elements = 1;
        var dataType = 0;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = WireFormat.GetTagFieldNumber(tag);
            var wire = WireFormat.GetTagWireType(tag);
            if (field == TensorDims && wire == WireFormat.WireType.Varint)
                elements *= input.ReadInt64();
            else if (field == TensorDims && wire == WireFormat.WireType.LengthDelimited)
            {
                var packed = input.ReadBytes().CreateCodedInput();
                while (!packed.IsAtEnd)
                    elements *= packed.ReadInt64();
            }
            else if (field == TensorDataType && wire == WireFormat.WireType.Varint)
                dataType = input.ReadInt32();
            else
                input.SkipLastField();
        }
        return FloatingPointTypes.Contains(dataType) ? elements : 0;
    }

    /// <summary>The length-delimited values of one field of a message, in order.</summary>
    private static IEnumerable<ByteString> Fields(ByteString message, int fieldNumber)
    {
        var input = message.CreateCodedInput();
        var found = new List<ByteString>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == fieldNumber && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                found.Add(input.ReadBytes());
            else
                input.SkipLastField();
        }
        return found;
    }
}
