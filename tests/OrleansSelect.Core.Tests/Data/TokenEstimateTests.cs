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
    public void Longer_text_grows_in_proportion_and_long_words_count_more_than_short_ones()
    {
        var ten = TokenEstimate.Text(string.Concat(Enumerable.Repeat(" word", 10)));
        var thousand = TokenEstimate.Text(string.Concat(Enumerable.Repeat(" word", 1000)));
        Assert.InRange(thousand / (double)ten, 99, 116);
        Assert.True(TokenEstimate.Text(string.Concat(Enumerable.Repeat(" extraordinarily", 100)))
                    > TokenEstimate.Text(string.Concat(Enumerable.Repeat(" word", 100))));
    }
}
