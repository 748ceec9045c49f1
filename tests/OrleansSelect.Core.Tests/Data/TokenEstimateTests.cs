using OrleansSelect.Core.Data;

namespace OrleansSelect.Core.Tests.Data;

public class TokenEstimateTests
{
    [Fact]
    public void A_sentence_counts_its_chunks_by_kind_less_the_intercept()
    {
        // "The" 0.6+2/6, " food" 0.6+3/6, " was" 0.6+2/6, " great" 0.6+4/6, "." 2.0: 6.23, less 1.5, is 4.73.
        Assert.Equal(5, TokenEstimate.Text("The food was great."));
        // " 1800" 1.0+3/4, "," 2.0, " and" 0.6+2/6, "  " 1.0+1/2, "x" 0.6: 6.78, less 1.5.
        Assert.Equal(5, TokenEstimate.Text(" 1800, and  x"));
    }

    [Fact]
    public void Empty_text_is_no_tokens_and_any_other_at_least_one()
    {
        Assert.Equal(0, TokenEstimate.Text(""));
        Assert.Equal(1, TokenEstimate.Text("a"));
        Assert.Equal(1, TokenEstimate.Text(" great"));
    }

    [Fact]
    public void An_example_is_its_prompt_and_response_apart_plus_one_boundary_token()
    {
        var example = ExampleIds.Create("Review: The food was great.\nSentiment:", " positive", "s", "t");

        Assert.Equal(TokenEstimate.Text(example.Prompt) + TokenEstimate.Text(example.Response) + 1, TokenEstimate.Of(example));
        Assert.NotEqual(TokenEstimate.Text(example.Prompt + example.Response) + 1, TokenEstimate.Of(example));
    }

    [Fact]
    public void Longer_text_grows_linearly_and_long_words_count_more_than_short_ones()
    {
        static string Words(string word, int count) => string.Concat(Enumerable.Repeat(word, count));
        // " word" is a chunk of 0.6 and three further letters of 1/6: 1.1 each.
        Assert.InRange(TokenEstimate.Text(Words(" word", 2000)) - TokenEstimate.Text(Words(" word", 1000)), 1099, 1101);
        Assert.True(TokenEstimate.Text(Words(" extraordinarily", 100)) > 2 * TokenEstimate.Text(Words(" word", 100)));
    }
}
