using OrleansSelect.Core.Compute;

namespace OrleansSelect.Models.Training;

/// <summary>
/// The steps a training run will take, known before it starts: epochs of packed rows cut into
/// batches, truncated at the last step that keeps the FLOPs within the cap. Run and estimate use
/// the same plan, so the estimate is what the run charges.
/// </summary>
public sealed class TrainingPlan
{
    public IReadOnlyList<(int Epoch, int Rows)> Steps { get; }
    public int ContextLength { get; }
    public double FlopsPerRow { get; }
    /// <summary>Summed step by step, as the trainer sums what it spends, so a whole run charges exactly this.</summary>
    public double TotalFlops { get; }
    public long TotalTokens => Steps.Sum(s => (long)s.Rows) * ContextLength;

    /// <summary>What the steps from <paramref name="firstStep"/> on cost, summed in the order the trainer sums them (all of them: <see cref="TotalFlops"/>).</summary>
    public double FlopsFrom(int firstStep)
    {
        double flops = 0;
        for (int s = firstStep; s < Steps.Count; s++) flops += Steps[s].Rows * FlopsPerRow;
        return flops;
    }

    /// <summary>Rows of <paramref name="step"/>'s epoch that the steps before it consumed: where a run resumed there starts reading.</summary>
    public int RowsBeforeInEpoch(int step)
    {
        int rows = 0;
        for (int s = step - 1; s >= 0 && Steps[s].Epoch == Steps[step].Epoch; s--) rows += Steps[s].Rows;
        return rows;
    }

    public TrainingPlan(ModelShape shape, int rowsPerEpoch, int contextLength, int batchSize, int epochs, double maxFlops)
    {
        ContextLength = contextLength;
        FlopsPerRow = contextLength * FlopModel.TrainFlopsPerToken(shape, contextLength);
        var steps = new List<(int, int)>();
        double flops = 0;
        for (int e = 0; e < epochs; e++)
        {
            for (int start = 0; start < rowsPerEpoch; start += batchSize)
            {
                int rows = Math.Min(batchSize, rowsPerEpoch - start);
                if (flops + rows * FlopsPerRow > maxFlops) goto done;
                flops += rows * FlopsPerRow;
                steps.Add((e, rows));
            }
        }
        done:
        Steps = steps;
        TotalFlops = flops;
    }
}
