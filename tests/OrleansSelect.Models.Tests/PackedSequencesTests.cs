using OrleansSelect.Models.Tokenization;
using OrleansSelect.Models.Training;

namespace OrleansSelect.Models.Tests;

public class PackedSequencesTests
{
    private const int B = 256; // boundary token
    private const int I = PackedSequences.IgnoredTarget;

    [Fact]
    public void TextsArePackedWithBoundariesAndCutIntoRowsOfTheContextLength()
    {
        var packed = new PackedSequences(["ab", "cde"], ByteTokenizer.Instance, contextLength: 4);
        // stream: B a b B c d e  (7 tokens) → ceil(6 / 4) = 2 rows
        Assert.Equal(7, packed.StreamLength);
        Assert.Equal(2, packed.RowCount);
        var rows = packed.Rows([0, 1]).ToList();
        Assert.Equal(new[] { B, 'a', 'b', B }, rows[0].Inputs);
        Assert.Equal(new long[] { 'a', 'b', B, 'c' }, rows[0].Targets);
        Assert.Equal(new[] { 'c', 'd', 'e', B }, rows[1].Inputs);
        Assert.Equal(new long[] { 'd', 'e', I, I }, rows[1].Targets);
    }

    [Fact]
    public void ResponseOnlyLossIgnoresPromptTargetsButLearnsTheEndOfEachResponse()
    {
        var packed = new PackedSequences([("p", "x"), ("qq", "y")], ByteTokenizer.Instance, contextLength: 8, responseOnly: true);
        // stream: B p x B q q y → targets of positions 0..5: p(prompt) x(resp) B(end of resp) q q(prompt) y(resp)
        var row = packed.Rows([0, 1]).Single();
        Assert.Equal(new long[] { I, 'x', B, I, I, 'y', I, I }, row.Targets);
    }

    [Fact]
    public void ResponseTokensCarryTheirLossWeightAndPromptsWeighOne()
    {
        var packed = new PackedSequences(TrainingTokens.Of([("p", "x"), ("qq", "y")], ByteTokenizer.Instance), contextLength: 8, promptWeight: 1f, responseWeight: 5f);
        var row = packed.Rows([0, 1]).Single();
        // targets: p(prompt) x(resp) B(end of resp) q q(prompt) y(resp), then the ignored tail
        Assert.Equal(new long[] { 'p', 'x', B, 'q', 'q', 'y', I, I }, row.Targets);
        Assert.Equal(new[] { 1f, 5f, 5f, 1f, 1f, 5f, 0f, 0f }, row.Weights);
    }

    [Fact]
    public void AZeroResponseWeightIsAUserError()
    {
        var e = Assert.Throws<Core.UserInputException>(() => new PackedSequences(TrainingTokens.Of([("p", "x")], ByteTokenizer.Instance), 8, 1f, 0f));
        Assert.Contains("weight", e.Message);
    }
}
