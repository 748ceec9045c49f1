using OrleansSelect.Core.Data;
using static TorchSharp.torch;

namespace OrleansSelect.Models.Gradient;

/// <summary>
/// LESS's features of examples at one checkpoint: each example's adapter gradient (Adam-
/// preconditioned for pool examples, plain for reference examples), projected to k dimensions and
/// scaled to unit length, so a dot product of two features is their cosine.
/// </summary>
public sealed class GradientFeatures(ExampleGradients gradients, AdamPreconditioner? adam, RademacherProjection projection)
{
    /// <summary>One unit-length feature per example, in order; <paramref name="batchDone"/> gets the examples of each finished batch.</summary>
    public float[][] Compute(IReadOnlyList<PoolExample> examples, Action<IReadOnlyList<PoolExample>> batchDone, CancellationToken cancellation)
    {
        var features = new List<float[]>(examples.Count);
        foreach (var batch in examples.Chunk(GradientSettings.ExamplesPerBatch))
        {
            cancellation.ThrowIfCancellationRequested();
            using (NewDisposeScope())
            {
                var rows = batch.Select(e =>
                {
                    var g = gradients.Of(e);
                    return adam is null ? g : adam.Apply(g);
                }).ToArray();
                var projected = nn.functional.normalize(projection.Project(stack(rows)), p: 2, dim: 1).cpu();
                for (long i = 0; i < projected.shape[0]; i++)
                    features.Add(projected[i].data<float>().ToArray());
            }
            batchDone(batch);
        }
        return features.ToArray();
    }
}
