using OrleansSelect.Core.Data;
using OrleansSelect.Models.Training;

namespace OrleansSelect.Models.Tests;

/// <summary>Small synthetic sentiment data made by the tests themselves.</summary>
internal static class TestData
{
    private static readonly string[] Good = ["good", "great", "fine", "lovely", "superb"];
    private static readonly string[] Bad = ["bad", "awful", "poor", "sad", "broken"];

    public static PoolExample Example(int i, bool positive)
    {
        var words = positive ? Good : Bad;
        var prompt = $"Review: {words[i % 5]} and {words[(i * 3 + 1) % 5]}.\nSentiment: ";
        var response = positive ? "positive" : "negative";
        return new PoolExample($"id{i}{positive}", prompt, response, "synthetic", "sentiment");
    }

    public static List<PoolExample> Examples(int count, int offset = 0) =>
        Enumerable.Range(offset, count).Select(i => Example(i, i % 2 == 0)).ToList();

    /// <summary>The examples' tokens by the size's tokenizer, as a finetune job takes them.</summary>
    public static TrainingTokens Tokens(IEnumerable<PoolExample> examples, string size = "test") =>
        TrainingTokens.Of(examples.Select(e => (e.Prompt, e.Response)), TokenCounting.TokenizerFor(size));

    public static TargetTask Target(int testCount = 8) =>
        new("synthetic", Examples(4), Examples(testCount, offset: 1000), ["positive", "negative"]);

    public static ComputeOptions Fp32 => new("cpu", Precision.Fp32, Threads: 1);
}
