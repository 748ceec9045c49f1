using OrleansSelect.Models.Evaluation;

namespace OrleansSelect.Models.Tests;

public class CalibrationTests
{
    [Fact]
    public void TheTemplateIsThePrefixAndSuffixEveryPromptShares()
    {
        var t = PromptTemplate.Infer(["Review: good food.\nSentiment:", "Review: bad.\nSentiment:", "Review: meh!\nSentiment:"]);
        Assert.Equal(new PromptTemplate("Review: ", "\nSentiment:"), t);
        Assert.Equal(["Review: N/A\nSentiment:", "Review: \nSentiment:", "Review: [MASK]\nSentiment:"], t!.ContentFreePrompts());
    }

    [Fact]
    public void PrefixAndSuffixDoNotOverlapInsideTheShortestPrompt()
    {
        // "aXa" and "aa": the shared prefix "a" leaves one character of "aa", which is the suffix.
        Assert.Equal(new PromptTemplate("a", "a"), PromptTemplate.Infer(["aXa", "aa"]));
        Assert.Null(PromptTemplate.Infer(["only one"]));
    }

    [Fact]
    public void ThePriorIsTheMeanLabelDistributionOverContentFreeInputs()
    {
        // Two content-free inputs: p(first label) = 0.8 and 0.6 (log-likelihoods need not be normalised).
        var scores = new double[,] { { Math.Log(0.8) - 3, Math.Log(0.2) - 3 }, { Math.Log(0.6), Math.Log(0.4) } };
        var prior = LabelCalibration.LogPrior(scores);
        Assert.Equal(Math.Log(0.7), prior[0], 10);
        Assert.Equal(Math.Log(0.3), prior[1], 10);
    }

    [Fact]
    public void CalibrationUndoesALabelBiasThatRawScoringFollows()
    {
        // A model biased towards label 0 by log 4 on every input; the evidence is ±0.5 nats.
        double bias = Math.Log(4);
        var scores = new double[4, 2];
        double[] evidence = [0.5, -0.5, 0.5, -0.5];  // true labels 0, 1, 0, 1
        for (int e = 0; e < 4; e++) { scores[e, 0] = bias + evidence[e]; scores[e, 1] = -evidence[e]; }
        var contentFree = new double[,] { { bias, 0 } };

        Assert.Equal([0, 0, 0, 0], LabelCalibration.Predict(scores));
        Assert.Equal([0, 1, 0, 1], LabelCalibration.Predict(scores, LabelCalibration.LogPrior(contentFree)));
    }
}
