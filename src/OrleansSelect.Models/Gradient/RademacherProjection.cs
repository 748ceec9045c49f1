using static TorchSharp.torch;

namespace OrleansSelect.Models.Gradient;

/// <summary>
/// A seeded random projection from <see cref="InputDimension"/> to <see cref="OutputDimension"/>
/// dimensions whose entries are ±1/√k (Rademacher), so a projected vector keeps its squared norm
/// on average. The matrix is never held whole: entry (i, j) is bit j of a counter-based hash of
/// (seed, row i), so any block of rows is made on its own and a projection sums block by block.
/// The same seed gives the same matrix on every silo, whatever the block size.
/// </summary>
public sealed class RademacherProjection
{
    /// <summary>Rows made at once: 1024 × 8192 floats is 32 MB.</summary>
    public const int DefaultBlockRows = 1024;

    private readonly ulong _seed;
    private readonly int _wordsPerRow;
    private readonly float _scale;

    public RademacherProjection(long inputDimension, int outputDimension, int seed, int blockRows = DefaultBlockRows)
    {
        if (outputDimension < 1)
            throw new Core.UserInputException($"the projection dimension must be at least 1, got {outputDimension}.");
        InputDimension = inputDimension;
        OutputDimension = outputDimension;
        BlockRows = blockRows;
        _seed = Mix((ulong)(uint)seed ^ 0x5EEDUL);
        _wordsPerRow = (outputDimension + 63) / 64;
        _scale = (float)(1.0 / Math.Sqrt(outputDimension));
    }

    public long InputDimension { get; }

    public int OutputDimension { get; }

    public int BlockRows { get; }

    /// <summary>Rows [<paramref name="firstRow"/>, firstRow + rows) of the matrix, (rows × k).</summary>
    public Tensor Block(long firstRow, int rows)
    {
        var values = new float[(long)rows * OutputDimension];
        for (var r = 0; r < rows; r++)
        {
            var row = firstRow + r;
            var offset = (long)r * OutputDimension;
            for (var w = 0; w < _wordsPerRow; w++)
            {
                var bits = Mix(_seed + (ulong)(row * _wordsPerRow + w) * 0x9E3779B97F4A7C15UL);
                var columns = Math.Min(64, OutputDimension - w * 64);
                for (var b = 0; b < columns; b++)
                    values[offset + w * 64 + b] = ((bits >> b) & 1) == 0 ? _scale : -_scale;
            }
        }
        return tensor(values, [rows, OutputDimension]);
    }

    /// <summary>
    /// Projects each row of <paramref name="vectors"/> (n × P, fp32) to k dimensions, one block of
    /// the matrix at a time (made once for all rows). Each row is multiplied on its own: a matrix
    /// kernel rounds differently by shape, and a score must not depend on the examples batched with it.
    /// </summary>
    public Tensor Project(Tensor vectors)
    {
        if (vectors.shape[1] != InputDimension)
            throw new ArgumentException($"vectors have {vectors.shape[1]} columns, the projection expects {InputDimension}.");
        using var scope = NewDisposeScope();
        var result = zeros(vectors.shape[0], OutputDimension, device: vectors.device);
        for (long first = 0; first < InputDimension; first += BlockRows)
        {
            var rows = (int)Math.Min(BlockRows, InputDimension - first);
            using var block = Block(first, rows).to(vectors.device);
            var part = vectors.narrow(1, first, rows);
            for (long i = 0; i < vectors.shape[0]; i++)
                result[i].add_(part[i].matmul(block));
        }
        return result.MoveToOuterDisposeScope();
    }

    // SplitMix64's finaliser: a counter in, 64 well-mixed bits out.
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
