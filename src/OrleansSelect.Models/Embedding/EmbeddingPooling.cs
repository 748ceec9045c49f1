namespace OrleansSelect.Models.Embedding;

/// <summary>
/// Sentence-transformers' pooling for MiniLM: the mean of the token vectors where the attention
/// mask is 1 (padding left out), then L2 normalisation, so a dot product is a cosine.
/// </summary>
public static class EmbeddingPooling
{
    /// <param name="hidden">Token vectors, [rows, positions, dimension] row-major.</param>
    /// <param name="mask">Attention mask, [rows, positions]: 1 for a real token, 0 for padding.</param>
    public static float[][] MeanPoolNormalized(ReadOnlySpan<float> hidden, ReadOnlySpan<long> mask, int rows, int positions, int dimension)
    {
        var result = new float[rows][];
        var sum = new double[dimension];
        for (var row = 0; row < rows; row++)
        {
            Array.Clear(sum);
            long count = 0;
            for (var t = 0; t < positions; t++)
            {
                if (mask[row * positions + t] == 0)
                    continue;
                count++;
                var vector = hidden.Slice((row * positions + t) * dimension, dimension);
                for (var i = 0; i < dimension; i++)
                    sum[i] += vector[i];
            }
            var norm = 0.0;
            for (var i = 0; i < dimension; i++)
            {
                sum[i] /= Math.Max(count, 1);
                norm += sum[i] * sum[i];
            }
            // sentence-transformers divides by max(‖v‖, 1e-12) so an all-zero vector stays zero.
            norm = Math.Max(Math.Sqrt(norm), 1e-12);
            var embedding = new float[dimension];
            for (var i = 0; i < dimension; i++)
                embedding[i] = (float)(sum[i] / norm);
            result[row] = embedding;
        }
        return result;
    }

    public static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.Sqrt(na * nb);
    }
}
