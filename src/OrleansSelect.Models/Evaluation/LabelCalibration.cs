namespace OrleansSelect.Models.Evaluation;

/// <summary>
/// Contextual calibration (Zhao et al. 2021) for label log-likelihood classification. A small model
/// finetuned on a few thousand examples carries a strong prior for one label, and that prior, not the
/// input, decides most predictions: accuracy sits at chance although the model ranks the inputs
/// well. The prior is measured on content-free inputs: for each, the label log-likelihoods are
/// normalised over the labels; the probabilities are averaged over the inputs; and each label's
/// score is the log-likelihood minus the log of that mean probability (the diagonal W = diag(p̄)⁻¹ of
/// the paper, applied in log space).
/// </summary>
public static class LabelCalibration
{
    /// <summary>log p̄(label): the mean over content-free inputs of the label distribution, in log space.</summary>
    public static double[] LogPrior(double[,] contentFreeScores)
    {
        int inputs = contentFreeScores.GetLength(0), labels = contentFreeScores.GetLength(1);
        var mean = new double[labels];
        for (int k = 0; k < inputs; k++)
        {
            var row = Enumerable.Range(0, labels).Select(l => contentFreeScores[k, l]).ToArray();
            double max = row.Max();
            double norm = max + Math.Log(row.Sum(s => Math.Exp(s - max)));
            for (int l = 0; l < labels; l++) mean[l] += Math.Exp(row[l] - norm) / inputs;
        }
        return mean.Select(m => Math.Log(m)).ToArray();
    }

    /// <summary>The best label per example; with a prior, by score minus log prior. Ties go to the first label.</summary>
    public static int[] Predict(double[,] scores, double[]? logPrior = null)
    {
        int examples = scores.GetLength(0), labels = scores.GetLength(1);
        var predictions = new int[examples];
        for (int e = 0; e < examples; e++)
        {
            int best = 0;
            double bestScore = double.NegativeInfinity;
            for (int l = 0; l < labels; l++)
            {
                double s = scores[e, l] - (logPrior?[l] ?? 0);
                if (s > bestScore) { best = l; bestScore = s; }
            }
            predictions[e] = best;
        }
        return predictions;
    }
}
